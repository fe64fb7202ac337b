"""Drive bash's, zsh's and fish's completion of `coxedge-tui` as a user's TAB would, and read what they offer.

One shell answers many command lines: a shell start costs tens of milliseconds, each `coxedge-tui
__complete` it runs a few hundred.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
RS, US, GS = "\x1e", "\x1f", "\x1d"  # separators no candidate holds


def program_on_path(tmp_path: Path) -> Path:
    """A folder with `coxedge-tui` running this checkout, as the generated scripts call it."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    program = folder / "coxedge-tui"
    program.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m coxedge_tui "$@"\n')
    program.chmod(0o755)
    return folder


def readme_line(comment: str) -> str:
    """The README's install command whose trailing `# comment` is `comment`, as a user would copy it."""
    for line in README.read_text(encoding="utf-8").splitlines():
        command, mark, rest = line.partition("  # ")
        if mark and rest.strip() == comment:
            return command.strip()
    raise AssertionError(f"no README line ends in '# {comment}'")


def shell_environ(environ: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The test's settings, `coxedge-tui` on PATH, and a home of the test's own (the install lines write there)."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    kept = {name: value for name, value in environ.items() if name not in ("XDG_CONFIG_HOME", "XDG_DATA_HOME")}
    return kept | {"HOME": str(home), "PATH": f"{program_on_path(tmp_path)}:{environ['PATH']}"}


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout


def fish_completes(env: dict[str, str], install: str, lines: list[str]) -> dict[str, list[str]]:
    """What fish offers for each line (as its `complete --do-complete` lists it), once `install` has run."""
    script = f"{install}\nfor line in $argv\n    complete --do-complete $line\n    printf '\\x1e\\n'\nend\n"
    answers = _run(["fish", "-c", script, *lines], env).split(f"{RS}\n")[:-1]
    return {
        line: sorted(row.partition("\t")[0] for row in answer.splitlines())
        for line, answer in zip(lines, answers, strict=True)
    }


@dataclass(frozen=True)
class ZshTab:
    offered: list[str]  # the matches zsh took, quoted as it would insert them
    line: str  # the command line after the TAB


# An interactive zsh on a pseudo-terminal (zpty): the line is typed, TAB runs the real completion system.
# `compadd` also notes what it takes (-A: only the matches for the word at the cursor); TAB then prints
# those and the line between separators, and clears the line for the next one.
ZSH = r"""
zmodload zsh/zpty
zpty shell zsh -f -i
zpty -w shell 'PROMPT= RPROMPT=; unsetopt zle_bracketed_paste; setopt no_auto_list no_beep'
zpty -w shell "fpath=(${(q)1} \$fpath)"
zpty -w shell "$2"
zpty -w shell 'compadd() {
  local -a taken
  [[ ${@[1,(i)--]} == *-[OAD]* ]] || { builtin compadd -A taken "$@"; noted+=("${taken[@]}") }
  builtin compadd "$@"
}'
zpty -w shell "RS=\$'\\x1e' US=\$'\\x1f' GS=\$'\\x1d'"
zpty -w shell 'tab() { noted=(); zle complete-word; print -rn -- "$RS${(pj:$US:)noted}$GS$BUFFER$RS"; BUFFER=; }'
zpty -w shell 'zle -N tab; bindkey "^I" tab'
shift 2
for line in "$@"; do
  zpty -w -n shell "$line"$'\t'
  zpty -r shell answer $'*\x1e*\x1e' || exit 1
  print -rn -- "${${answer//$'\r'}#*$'\x1e'}"
done
zpty -d shell
"""


def zsh_completes(env: dict[str, str], tmp_path: Path, install: str, lines: list[str]) -> dict[str, ZshTab]:
    """What one TAB at the end of each line does in zsh, once `install` has run; `tmp_path/zsh` heads $fpath."""
    functions = tmp_path / "zsh"
    functions.mkdir(exist_ok=True)
    answers = _run(["zsh", "-f", "-c", ZSH, "zsh", str(functions), install, *lines], env).split(RS)[:-1]
    found: dict[str, ZshTab] = {}
    for line, answer in zip(lines, answers, strict=True):
        offered, _, after = answer.partition(GS)
        found[line] = ZshTab(sorted(offered.split(US)) if offered else [], after)
    return found
