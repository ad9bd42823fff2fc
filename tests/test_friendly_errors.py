"""In a notebook, the kit's input errors read as one plain sentence; other errors stay tracebacks."""

import nbformat

from aicollab import _raised_by_kit, friendly_error_html

from kernel_helpers import execute


def _run(*sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import aicollab\naicollab.setup()")] + [
        nbformat.v4.new_code_cell(s) for s in sources
    ]
    execute(nb, kernel_name="python3", allow_errors=True, timeout=120)
    return [cell.outputs for cell in nb.cells[1:]]


def test_kit_value_errors_show_a_message_not_a_traceback():
    kit_error, other_error, after = _run(
        "from aicollab.lessons.cocreation import profile\nprofile(9, 0, 0)",
        "int('not a number')",
        "print('still running')",
    )
    assert [o.output_type for o in kit_error] == ["display_data"]
    text = kit_error[0].data["text/plain"]
    assert text.startswith("Check your input:") and "resourcing" in text.lower()
    assert 'role="alert"' in kit_error[0].data["text/html"]
    assert "Traceback" not in str(kit_error)
    # A mistake outside the kit keeps Python's normal error display.
    assert [o.output_type for o in other_error] == ["error"] and other_error[0].ename == "ValueError"
    assert after[0].text == "still running\n"


def test_only_the_kits_own_frames_count():
    try:
        int("x")
    except ValueError as error:
        assert not _raised_by_kit(error.__traceback__)
    from aicollab.model import Partnership

    try:
        Partnership(total=-1)
    except ValueError as error:
        assert _raised_by_kit(error.__traceback__)
        assert "total value must be positive" in friendly_error_html(error)
