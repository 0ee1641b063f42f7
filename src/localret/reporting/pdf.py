"""HTML to PDF through WeasyPrint, for the Board report.

Imported only where a PDF is made (WeasyPrint's import and its first fonts cost a third of a
second to a second of CPU): by :func:`report.render_pdf`, and by the task worker when it starts
(:func:`warm_up`), so that the first report a worker builds costs no more than the next.

The charts reach WeasyPrint by short addresses (``chart:n``, the n-th chart) served from
memory by :class:`ChartImages`, not as data URIs in the page: the page is a quarter of the size
(no base64 for WeasyPrint's HTML parser to read and decode), and rendering fetches nothing
else, neither from the network nor from files."""

from __future__ import annotations

from collections.abc import Sequence

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

CHART_SCHEME = "chart:"


class ChartImages(URLFetcher):
    """WeasyPrint's fetcher for one document: its charts (SVG) as ``chart:<index>``, and
    nothing else (any other address is refused, so the image is left out)."""

    def __init__(self, charts: Sequence[str]) -> None:
        super().__init__(allowed_protocols=("chart",))
        self._charts = charts

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        index = url.removeprefix(CHART_SCHEME)
        if not url.startswith(CHART_SCHEME) or not index.isdigit():
            raise ValueError(f"the report fetches nothing but its charts: {url[:80]}")
        svg = self._charts[int(index)].encode()
        return URLFetcherResponse(url, svg, {"Content-Type": "image/svg+xml"})


def write_pdf(html: str, charts: Sequence[str] = ()) -> bytes:
    """The PDF of ``html``, whose images are ``charts`` (SVG texts), the n-th at ``chart:n``
    (the Board report's template addresses its charts so)."""
    return HTML(string=html, url_fetcher=ChartImages(charts)).write_pdf()  # type: ignore[no-any-return]


WARM_UP_HTML = (
    '<html lang="ca"><body style="font-family: \'DejaVu Sans\', sans-serif">'
    '<p>Localret <b>1.022,23</b></p><img src="chart:0" alt=""></body></html>'
)
WARM_UP_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
    '<text x="0" y="9" font-size="9">0</text></svg>'
)


def warm_up() -> None:
    """Load what every PDF needs once per process: WeasyPrint (imported with this module), its
    style sheets, fontconfig and the report's fonts (regular and bold, in HTML and in an SVG
    chart). Called by the task worker when it starts (``interface.warm_up_documents``)."""
    write_pdf(WARM_UP_HTML, [WARM_UP_SVG])
