"""The services both front ends share: tasks, reconciliation, usage, saved lists, the journal,
creating and deleting images, the session and the image list model. No UI, no Textual."""
