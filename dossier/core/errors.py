"""The exceptions of the pipeline: one small tree, caught once by the CLI."""


class DossierError(Exception):
    """An error the curator can fix; the CLI prints it without a traceback."""


class IngestError(DossierError):
    """A seed could not be read or understood."""


class RegistryError(DossierError):
    """The entity or event registry is invalid; carries every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class AnnotateError(DossierError):
    """An article could not be annotated or written."""


class RenderError(DossierError):
    """Pelican could not render the site."""


class UsageError(DossierError):
    """The command was given wrongly (a folder that is not a dossier): exit status 2, as for a bad option."""
