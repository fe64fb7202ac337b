"""`coxedge-tui completion bash|zsh|fish`: a script to source; it asks `coxedge-tui __complete` for candidates.

The scripts hold no list of commands or options: every candidate comes from commands/completion.py, which
reads the parsers, so a new option completes without touching them. When it offers nothing (a file's
path, say), each shell falls back to completing file names.
"""

from __future__ import annotations

import argparse
import sys

PROGRAM = "coxedge-tui"

BASH = """\
# coxedge-tui completion for bash. Install: eval "$(coxedge-tui completion bash)" in ~/.bashrc
_coxedge_tui_complete() {
    local IFS=$'\\n'
    # bash splits words at ':' and '=' (COMP_WORDBREAKS); __complete_bash puts them together again.
    COMPREPLY=($(PROGRAM __complete_bash "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *[=,] ]]; then
        compopt -o nospace 2>/dev/null
    fi
}
complete -o default -F _coxedge_tui_complete PROGRAM
"""

ZSH = """\
#compdef PROGRAM
# coxedge-tui completion for zsh. Install: coxedge-tui completion zsh > "${fpath[1]}/_coxedge-tui"
_coxedge_tui() {
    local -a found
    # The words as typed, quotes and backslashes removed; the current one up to the cursor.
    found=("${(@f)$(PROGRAM __complete "${(@Q)words[2,CURRENT-1]}" "${(Q)PREFIX}" 2>/dev/null)}")
    found=("${(@)found:#}")
    if (( ${#found} == 0 )); then
        _files
        return
    fi
    # compadd quotes what it inserts (a profile named `my team` becomes my\\ team); no space after = or ,
    compadd -- "${(@)found:#*[=,]}"
    compadd -S '' -- "${(@M)found:#*[=,]}"
}
# Autoloaded from $fpath as _coxedge-tui: complete now; sourced: register the function.
if [[ "${funcstack[1]}" == "_coxedge-tui" ]]; then
    _coxedge_tui "$@"
else
    compdef _coxedge_tui PROGRAM
fi
"""

FISH = """\
# coxedge-tui completion for fish. Install: coxedge-tui completion fish > ~/.config/fish/completions/coxedge-tui.fish
function __coxedge_tui_complete
    set -l words (commandline -opc)
    set -e words[1]
    # -opc unquotes the words before; -ct has the current one as typed (`"acme/o`, `odd\\ n`): unquote it too
    set -l current (commandline -ct | string unescape)
    set -l found (PROGRAM __complete $words "$current" 2>/dev/null)
    if test (count $found) -eq 0
        __fish_complete_path (commandline -ct)
    else
        printf '%s\\n' $found
    end
end
complete -c PROGRAM -f -a '(__coxedge_tui_complete)'
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}


def script(shell: str, program: str = PROGRAM) -> str:
    """The script for `shell`, calling `program` (a name on PATH) for its candidates."""
    return SCRIPTS[shell].replace("PROGRAM", program)


def completion_command(args: argparse.Namespace) -> int:
    sys.stdout.write(script(args.shell))
    return 0
