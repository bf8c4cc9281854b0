import pytest

from middenveld.api.csv_export import neutralise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (True, "true"),
        (False, "false"),
        (42, 42),
    ],
)
def test_cells_that_a_spreadsheet_would_execute_are_neutralised(value, expected):
    assert neutralise(value) == expected
