"""Renderings of the quotable units: protected terms, numbers, stored at ingest, reused after.

The protection tests run the real Apertium pipelines (Debian ``apertium-en-es``, as the
translation tests do) over sentences of the corpus's kind; the storage tests run a fake
translator over the stub corpus and the fake embedding, counting its calls.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ssassist.answering.units import chunk_parts
from ssassist.assistant import Assistant
from ssassist.config import Settings
from ssassist.ingest.protect import Protector, programme_names
from ssassist.ingest.renderings import Renderer, Renderings, unit_texts
from ssassist.matrix.loader import Matrix
from ssassist.query.glossary import default_glossary
from ssassist.query.translation import Translator, TranslatorStatus
from tests.fakes import HashEmbedding, fake_settings
from tests.paths import DATA, ROOT

NAMES = ["Salvadoreño Seguro", "SALEX", "Mercosur", "CMISS"]


@pytest.fixture(scope="module")
def translator() -> Translator:
    t = Translator(timeout=10)
    if not t.status.available:
        pytest.skip(t.status.detail)
    return t


@pytest.fixture(scope="module")
def renderer(translator: Translator) -> Renderer:
    protector = Protector(default_glossary(), NAMES, translate=translator.render_many)
    return Renderer(protector, translator)


def render(renderer: Renderer, text: str, lang: str) -> str:
    [out] = renderer.render([text], lang)  # type: ignore[arg-type]
    assert out is not None, text
    return out


def numbers(text: str) -> list[str]:
    return sorted(re.findall(r"\d+(?:[.,]\d+)*", text))


def test_english_glossary_terms_programmes_countries_and_demonyms_are_rendered_as_curated(
    renderer: Renderer,
) -> None:
    text = (
        "Salvadorans abroad can join the Salvadoreño Seguro programme, but old-age is not "
        "covered; migrants in Brazil receive social security benefits under the CMISS."
    )
    out = render(renderer, text, "en")
    assert out.startswith("salvadoreños "), out  # a demonym used as a noun, not "Salvadorans"
    for kept in ("Salvadoreño Seguro", "vejez", "migrantes", "Brasil", "CMISS"):
        assert kept in out, (kept, out)
    for lost in ("Salvadorans", "edad vieja", "nómadas", "Brazil", "ZQW"):
        assert lost not in out, (lost, out)


def test_spanish_glossary_terms_programmes_countries_and_demonyms_are_rendered_as_curated(
    renderer: Renderer,
) -> None:
    text = (
        "Los salvadoreños en el exterior pueden afiliarse al Salvadoreño Seguro (SALEX) y "
        "cobrar prestaciones de vejez en Brasil, Estados Unidos y los países del Mercosur."
    )
    out = render(renderer, text, "es")
    for kept in ("Salvadorans", "Salvadoreño Seguro", "SALEX", "old-age benefits", "Brazil"):
        assert kept in out, (kept, out)
    assert "United States" in out and "Mercosur" in out, out
    assert "Salvadorian" not in out and "ZQW" not in out, out


def test_numbers_percentages_and_years_survive_exactly(renderer: Renderer) -> None:
    en = (
        "In 2019, 12.5% of the 3,400 migrants (1.6 million in 2020) paid US$ 1,500.50 "
        "every 30 days; see Table 6 and https://www.example.org/a/b."
    )
    es = "Entre 2010 y 2015, el 45,3 % de 1.500 personas cotizó 12 meses (cuadro 2)."
    out_en = render(renderer, en, "en")
    out_es = render(renderer, es, "es")
    assert numbers(out_en) == numbers(en) and numbers(out_es) == numbers(es)
    assert "US$ 1,500.50" in out_en and "https://www.example.org/a/b" in out_en
    assert "cuadro 6" in out_en and "Table 2" in out_es  # not "Mesa 6", not "picture 2"


def test_a_table_row_is_rendered_cell_by_cell(renderer: Renderer) -> None:
    out = render(renderer, "| Brazil | X | 12 |", "en")
    assert out == "| Brasil | X | 12 |"


def test_programme_names_come_from_the_matrix_aliases_and_the_documents() -> None:
    names = programme_names(
        ["The *Salvadoreño Seguro* (SALEX) and the CMISS; *unilateral measures*."],
        ["SALEX", "CMISS", "Comunidad Andina", "sal"],
    )
    assert {"Salvadoreño Seguro", "SALEX", "CMISS"} <= set(names)
    assert "Comunidad Andina" not in names  # not written in the documents
    assert "unilateral measures" not in names  # italics, but not a name


# -- stored at ingest, reused at answer time -----------------------------------------------


class CountingTranslator:
    """A translator whose renderings are the text marked "[es]"/"[en]" (placeholders kept),
    counting the texts it renders; it translates no question."""

    def __init__(self, version: str = "fake-1") -> None:
        self.version = version
        self.rendered: list[str] = []
        self.status = TranslatorStatus(True, "fake")

    def render_many(self, texts: list[str], source: str, target: str) -> list[str | None]:
        self.rendered += texts
        return [f"[{target}] {t}" for t in texts]

    def translate(self, text: str, source: str, target: str) -> None:
        return None

    def warm_up(self) -> None:
        pass


def counting_assistant(
    index: Path, embed: HashEmbedding, matrix: Matrix, translator: object, **extra: object
) -> Assistant:
    return Assistant(
        fake_settings(index, **extra), embed_model=embed, matrix=matrix, translator=translator
    )


def doc_units(asst: Assistant) -> list[tuple[str, str]]:
    return [
        (t, c.language)
        for cs in asst.chunks_by_doc().values()
        for c in cs
        if c.kind != "matrix"
        for t in unit_texts(c)
    ]


def test_renderings_are_made_at_ingest_stored_and_reused_without_translating(
    tmp_path: Path, fake_embed_model: HashEmbedding, stub_matrix: Matrix
) -> None:
    fake = CountingTranslator()
    asst = counting_assistant(tmp_path / "index", fake_embed_model, stub_matrix, fake)
    messages: list[str] = []
    report = asst.ingest(progress=messages.append)

    assert report.renderings is not None and report.renderings.made > 0
    assert any(m.startswith("renderings: ") for m in messages)
    assert list(asst.index.data_dir.glob("renderings-fake-1.json"))
    units = doc_units(asst)
    for text, lang in units:
        got = asst.parts.renderings.get(text, "es" if lang == "en" else "en")
        assert got is not None, text

    # a matrix fact is rendered by the same fact in the other language
    matrix = [c for c in asst.chunks_by_doc()["matrix"] if c.language == "en"][0]
    spanish = asst.parts.renderings.get(matrix.text, "es")
    assert spanish is not None and not spanish.startswith("[")
    # a table row as quoted (caption, header, row) has one too
    table = next(c for cs in asst.chunks_by_doc().values() for c in cs if c.kind == "table")
    row = chunk_parts(table)[0][0]
    assert asst.parts.renderings.get(row.text, "es") is not None

    # answering translates nothing more; a new process reads them from the file
    calls = len(fake.rendered)
    asst.ask("Which countries offer voluntary insurance to emigrants?")
    asst.ask("¿Qué países ofrecen seguro voluntario?")
    assert len(fake.rendered) == calls
    again = counting_assistant(tmp_path / "index", fake_embed_model, stub_matrix, fake)
    text, lang = units[0]
    target = "es" if lang == "en" else "en"
    assert again.parts.renderings.get(text, target) == asst.parts.renderings.get(text, target)
    assert len(fake.rendered) == calls

    # a second ingest renders nothing (the passages did not change)
    report = again.ingest(progress=lambda _m: None)
    assert report.renderings.made == 0 and len(fake.rendered) == calls


def test_only_the_units_of_a_changed_passage_are_rendered_again(
    tmp_path: Path, fake_embed_model: HashEmbedding, stub_matrix: Matrix
) -> None:
    corpus = Path(shutil.copytree(DATA / "corpus", tmp_path / "corpus"))
    fake = CountingTranslator()
    asst = counting_assistant(
        tmp_path / "index", fake_embed_model, stub_matrix, fake, corpus_dir=corpus
    )
    asst.ingest(progress=lambda _m: None)
    doc = corpus / "docs" / "stub_en.md"
    new = "Jamaica offers five benefits to its emigrants."
    doc.write_text(doc.read_text().replace("Jamaica offers four benefits to its emigrants.", new))
    fake.rendered.clear()

    report = asst.ingest(progress=lambda _m: None)

    assert report.updated == ["stub_en"]
    sentences = [t for t in fake.rendered if t.endswith(".")]  # besides terms on their own
    assert len(sentences) == 1 and "five" in sentences[0]
    assert (asst.parts.renderings.get(new, "es") or "").startswith("[es] Jamaica offers five")


def test_without_apertium_ingest_succeeds_says_so_and_answers_show_the_original(
    tmp_path: Path, fake_embed_model: HashEmbedding, stub_matrix: Matrix
) -> None:
    asst = counting_assistant(tmp_path / "index", fake_embed_model, stub_matrix, None)
    messages: list[str] = []
    report = asst.ingest(progress=messages.append)

    assert report.chunks > 0
    note = next(m for m in messages if m.startswith("renderings: "))
    assert "Apertium not available" in note and "answers show the original" in note
    text, _ = doc_units(asst)[0]
    assert asst.parts.renderings.get(text, "es") is None
    assert isinstance(asst.parts.renderings, Renderings)
    assert asst.ask("Which countries offer voluntary insurance?").answer


def test_another_apertium_renders_everything_again(
    tmp_path: Path, fake_embed_model: HashEmbedding, stub_matrix: Matrix
) -> None:
    first = CountingTranslator("fake-1")
    counting_assistant(tmp_path / "index", fake_embed_model, stub_matrix, first).ingest(
        progress=lambda _m: None
    )
    second = CountingTranslator("fake-2")
    asst = counting_assistant(tmp_path / "index", fake_embed_model, stub_matrix, second)
    asst.ingest(progress=lambda _m: None)
    assert len(second.rendered) == len(first.rendered) > 0
    assert [p.name for p in asst.index.data_dir.glob("renderings-*.json")] == [
        "renderings-fake-2.json"
    ]


@pytest.mark.slow
def test_the_corpus_renderings_keep_the_curated_terms(translator: Translator) -> None:
    """Over the real corpus: every unit rendered, and the protected terms where they occur."""
    from ssassist.ingest.build import chunks_by_doc, protector
    from ssassist.ingest.renderings import build_renderings

    asst = Assistant(Settings(project_dir=ROOT), translator=translator)
    chunks = [c for cs in chunks_by_doc(asst.parts).values() for c in cs]
    renderings, report = build_renderings(chunks, protector(asst.parts), translator)
    assert report.made > 1500 and report.missing < 10
    es = renderings.table["es"]
    with_seguro = [v for k, v in es.items() if "Salvadoreño Seguro" in k]
    assert with_seguro and all("Salvadoreño Seguro" in v for v in with_seguro)
    assert not [v for v in es.values() if "nómadas" in v]  # "migrants" is "migrantes"
