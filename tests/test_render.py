"""The offline renderer, the kernel-free self-checks and the server extension."""

import json
import re

import altair as alt
import pandas as pd
import pytest

import aicollab
from aicollab.display import render
from aicollab.display.charts import percent_bars
from aicollab.feedback.quiz import multiple_choice
from aicollab.tools.serverext import STATIC_DIR, _jupyter_server_extension_points, install


def _chart():
    df = pd.DataFrame({"item": ["a", "b"], "percent": [40.0, 60.0]})
    return percent_bars(df, title="Two bars", description="a is 40 percent, b is 60 percent", low=None, high=None)


def test_setup_enables_offline_renderer_and_output_is_deterministic():
    aicollab.setup()
    assert alt.renderers.active == render.RENDERER_NAME
    first = _chart()._repr_mimebundle_()
    second = _chart()._repr_mimebundle_()
    bundle = first[0] if isinstance(first, tuple) else first
    again = second[0] if isinstance(second, tuple) else second
    assert bundle == again
    html = bundle["text/html"]
    assert bundle["text/plain"] == "<aicollab chart: Two bars>"
    assert 'aria-label="Two bars"' in html
    assert "a is 40 percent, b is 60 percent" in html  # text alternative shown as a caption
    assert "altair-viz-" not in html


def test_renderer_never_points_at_another_host():
    aicollab.setup()
    html = render.chart_html(_chart().to_dict())
    # The only URL-like strings are the $schema identifier (never fetched) and the local route.
    urls = set(re.findall(r"https?://[^\s\"'\\]+", html))
    assert all(u.startswith("https://vega.github.io/schema/") for u in urls), urls
    assert "aicollab/static/kit.js" in html  # the bootstrap's JupyterLab route; the book has kit.js already
    assert "<script src=" not in html


def test_closing_script_tags_in_data_cannot_break_out():
    spec = {"title": "x", "data": {"values": [{"a": "</script><b>"}]}, "mark": "point"}
    html = render.chart_html(spec)
    assert html.count("</script>") == 2  # the spec's JSON and the bootstrap


def test_vendored_bundle_is_wrapped_and_defines_vega_embed():
    text = (STATIC_DIR / "vega-bundle.js").read_text(encoding="utf-8")
    assert "(function(){" in text[:600]
    assert "window.vegaEmbed=" in text
    assert text.rstrip().endswith("})();")
    assert "cdn.jsdelivr" not in text and "unpkg.com" not in text


def test_server_extension_install_writes_config_and_offline_settings(tmp_path):
    target = install(str(tmp_path))
    config = json.loads(target.read_text())
    assert config["ServerApp"]["jpserver_extensions"]["aicollab.tools.serverext"] is True
    overrides = json.loads((tmp_path / "share/jupyter/lab/settings/overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert _jupyter_server_extension_points() == [{"module": "aicollab.tools.serverext"}]


def test_charts_refuse_missing_text_alternative():
    df = pd.DataFrame({"item": ["a"], "percent": [1.0]})
    with pytest.raises(ValueError, match="description"):
        percent_bars(df, title="t", description=" ")
    with pytest.raises(ValueError, match="title"):
        percent_bars(df, title="", description="d")


def test_quiz_html_is_accessible_and_deterministic():
    q = multiple_choice(
        "Which sums to 100?",
        [
            ("A single-choice question", True, "Options exclude each other."),
            ("A select-all question", False, "Learners can tick several."),
        ],
    )
    html = q._repr_mimebundle_()["text/html"]
    assert html == q.to_html()
    assert "<fieldset>" in html and "<legend>Which sums to 100?</legend>" in html
    assert html.count('type="radio"') == 2 and html.count("<label for=") == 2
    assert 'aria-live="polite"' in html
    assert q.answer(0).startswith("Correct.")
    assert q.answer("a select-all question").startswith("Not quite.")
    assert "choose a number from 0 to 1" in q.answer(5)
    assert "not one of the options" in q.answer("maybe")
    assert "option's number" in q.answer(1.5)


def test_quiz_rejects_bad_definitions():
    with pytest.raises(ValueError, match="correct"):
        multiple_choice("Q?", [("a", False, ""), ("b", False, "")])
    with pytest.raises(ValueError, match="two options"):
        multiple_choice("Q?", [("a", True, "")])
