"""lib/process_memo.py: written once per key, and forgotten as a whole at the bound."""

from doanvu.lib.process_memo import Kept


def test_a_result_is_written_once_per_key_and_all_are_forgotten_at_the_bound():
    written = []

    def write(text):
        def compute():
            written.append(text)
            return text.upper()

        return compute

    kept = Kept(limit=2)
    assert kept.get("a", write("a")) == "A" and kept.get("a", write("a")) == "A"
    assert kept.get("b", write("b")) == "B"
    assert written == ["a", "b"]
    assert kept.get("c", write("c")) == "C"  # the bound reached: a and b forgotten
    assert kept.get("a", write("a")) == "A"
    assert written == ["a", "b", "c", "a"]
