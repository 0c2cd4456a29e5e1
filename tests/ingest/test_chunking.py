import re

from ssassist.ingest.chunking import chunk_corpus, chunk_document
from ssassist.ingest.corpus import load_corpus
from tests.paths import ROOT

STUB = ROOT / "tests" / "data" / "corpus"


def stub_chunks():
    return chunk_corpus(load_corpus(STUB))


def test_table_is_one_chunk_with_caption_and_source():
    tables = [c for c in stub_chunks() if c.kind == "table"]
    assert len(tables) == 1
    t = tables[0].text
    assert t.startswith("Table 2. Voluntary insurance")
    assert "| El Salvador | X |  |" in t
    assert t.rstrip().endswith("Source: prepared by the author.")
    assert tables[0].section == "2. Voluntary insurance > 2.1 Table"


def test_footnote_travels_with_the_paragraph_that_cites_it():
    chunk = next(c for c in stub_chunks() if "[^8]" in c.text)
    assert "[^8]: The United States offers overseas payment of disability" in chunk.text
    # ...and is not repeated as a chunk of its own
    assert sum("[^8]:" in c.text for c in stub_chunks()) == 1


def test_chunk_metadata_locates_the_passage():
    for pos, c in enumerate(ch for ch in stub_chunks() if ch.doc_id == "stub_en"):
        assert c.position == pos and c.id == f"stub_en#{pos:04d}"
        assert c.title == "Stub note on pensions for migrants" and c.language == "en"
    es = [c for c in stub_chunks() if c.doc_id == "stub_es"]
    assert es[0].language == "es" and es[0].section == "Portabilidad"


def test_chunks_never_cross_headings():
    chunks = stub_chunks()
    texts = [c.text for c in chunks if c.doc_id == "stub_en"]
    assert not any("Venezuela" in t and "Table 2" in t for t in texts)


def test_real_corpus_tables_are_whole():
    docs = {d.id: d for d in load_corpus(ROOT / "corpus")}
    chunks = chunk_document(docs["000_a51be7ce2c2609d8"])
    tables = [c for c in chunks if c.kind == "table"]
    captions = [
        re.match(r"Table (\d+)", c.text).group(1) for c in tables if c.text.startswith("Table")
    ]
    assert captions == ["1", "2", "3", "4", "5", "6"]
    for t in tables:
        assert "Source:" in t.text
    table4 = next(t for t in tables if t.text.startswith("Table 4"))
    assert table4.text.count("\n|") >= 15  # header + separator + 14 rows
    table2 = next(t for t in tables if t.text.startswith("Table 2"))
    assert table2.text.count("| Mexico") == 2 and "Saint Vincent and the Grenadines" in table2.text


def test_real_corpus_footnotes_stay_with_their_text():
    for doc in load_corpus(ROOT / "corpus"):
        for c in chunk_document(doc):
            for ref in set(re.findall(r"\[\^(\w+)\](?!:)", c.text)):
                assert f"[^{ref}]:" in c.text, (c.id, ref)


def test_real_corpus_chunk_sizes_are_bounded():
    for doc in load_corpus(ROOT / "corpus"):
        for c in chunk_document(doc):
            if c.kind != "table":
                # prose chunks: at most max_words plus the footnotes they carry
                body = c.text.split("\n\n[^")[0]
                assert c.word_count > 0 and len(body.split()) <= 260, (c.id, len(body.split()))
