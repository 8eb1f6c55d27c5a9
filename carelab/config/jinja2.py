"""The one Jinja2 environment: NHS.UK frontend macros, url, static and form fields."""

import functools

from django import forms
from django.conf import settings
from django.templatetags.static import static as static_url
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader
from markupsafe import Markup

from carelab.core.addresses import address as url
from carelab.core.crisis import CRISIS_CONTACTS, NOT_A_CRISIS_SERVICE
from carelab.core.presenters import format_date
from carelab.lib.markdown import render_markdown
from carelab.lib.words import pluralise

_NHSUK_COMPONENTS = {
    "input": "nhsuk/components/input/macro.jinja",
    "textarea": "nhsuk/components/textarea/macro.jinja",
    "characterCount": "nhsuk/components/character-count/macro.jinja",
    "checkboxes": "nhsuk/components/checkboxes/macro.jinja",
    "radios": "nhsuk/components/radios/macro.jinja",
    "select": "nhsuk/components/select/macro.jinja",
    "fileUpload": "nhsuk/components/file-upload/macro.jinja",
    "dateInput": "nhsuk/components/date-input/macro.jinja",
    "errorSummary": "nhsuk/components/error-summary/macro.jinja",
    "header": "nhsuk/components/header/macro.jinja",
    "skipLink": "nhsuk/components/skip-link/macro.jinja",
    "button": "nhsuk/components/button/macro.jinja",
    "tag": "nhsuk/components/tag/macro.jinja",
    "breadcrumb": "nhsuk/components/breadcrumb/macro.jinja",
    "backLink": "nhsuk/components/back-link/macro.jinja",
    "footer": "nhsuk/components/footer/macro.jinja",
}
_CHOICE_COMPONENTS = frozenset({"select", "radios", "checkboxes"})
# Distinct parameter sets whose output `remembered_component` keeps in each process (decision 0043).
REMEMBERED_COMPONENTS = 512


def _frozen(value):
    """``value`` (the plain data a macro takes) as a hashable key; Markup is told apart from text."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted((key, _frozen(item)) for key, item in value.items())))
    if isinstance(value, list | tuple):
        return ("list", tuple(_frozen(item) for item in value))
    if value is None or isinstance(value, str | int | float | bool):
        return (type(value).__name__, value)
    raise TypeError(f"{type(value).__name__} is not plain data")


@functools.lru_cache(maxsize=256)
def static(path: str) -> str:
    """A static file's address (with its content hash in production), worked out once per process."""
    return static_url(path)


def markdown_filter(text: str | None, base_url: str | None = None) -> Markup:
    """Markdown as HTML that nh3 has sanitised, so it is safe to mark as such.

    E-mails pass `base_url` (SITE_URL), so a link written as a path works in a mail program.
    """
    return Markup(render_markdown(text or "", base_url=base_url))  # noqa: S704


def _field_params(bound: forms.BoundField, options: dict) -> tuple[str, dict]:
    widget = bound.field.widget
    label_text = options.pop("label", bound.label)
    label = {"text": label_text, **options.pop("label_options", {})}
    params: dict = {"id": bound.id_for_label or bound.auto_id, "name": bound.html_name}
    hint = options.pop("hint", bound.help_text)
    if hint:
        params["hint"] = {"text": hint}
    if bound.errors:
        params["errorMessage"] = {"text": " ".join(bound.errors)}
    value = bound.value()
    handled_elsewhere = {"maxlength", "class", "autocomplete"}
    attributes = {key: value for key, value in widget.attrs.items() if key not in handled_elsewhere}
    if bound.field.required and not isinstance(widget, forms.CheckboxInput):
        attributes.setdefault("aria-required", "true")

    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        selected = {str(item) for item in (value if isinstance(value, list | tuple) else [value]) if item is not None}
        params.pop("id")
        params["idPrefix"] = bound.auto_id
        params["fieldset"] = {"legend": {"text": label_text, **label}}
        params["items"] = [
            {"value": str(choice_value), "text": str(choice_label), "checked": str(choice_value) in selected}
            for choice_value, choice_label in bound.field.choices
        ]
        return ("checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "radios"), params
    if isinstance(widget, forms.CheckboxInput):
        params.pop("id")
        params["idPrefix"] = bound.auto_id
        params["items"] = [{"value": "on", "text": label_text, "checked": bool(value), "id": bound.auto_id}]
        if options.get("legend"):
            params["fieldset"] = {"legend": {"text": options.pop("legend")}}
        return "checkboxes", params
    if isinstance(widget, forms.Select):
        params["label"] = label
        params["items"] = [
            {"value": str(choice_value), "text": str(choice_label), "selected": str(choice_value) == str(value)}
            for choice_value, choice_label in bound.field.choices
        ]
        return "select", params
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        params["label"] = label
        params["attributes"] = {"accept": widget.attrs.get("accept", "")} if widget.attrs.get("accept") else {}
        if getattr(widget, "allow_multiple_selected", False):
            params["attributes"]["multiple"] = True
        return "fileUpload", params

    params["label"] = label
    params["value"] = "" if value is None else str(value)
    params["attributes"] = attributes
    if isinstance(widget, forms.Textarea):
        params["rows"] = options.pop("rows", widget.attrs.get("rows", 8))
        max_length = getattr(bound.field, "max_length", None)
        if max_length:
            params["maxlength"] = max_length
            return "characterCount", params
        return "textarea", params
    params["type"] = {
        forms.EmailInput: "email",
        forms.PasswordInput: "password",
        forms.NumberInput: "number",
        forms.URLInput: "url",
        forms.DateInput: "date",
        forms.DateTimeInput: "datetime-local",
    }.get(type(widget), "text")
    if isinstance(widget, forms.PasswordInput) and not widget.render_value:
        params["value"] = ""
    if widget.attrs.get("autocomplete"):
        params["autocomplete"] = widget.attrs["autocomplete"]
    return "input", params


def environment(**options) -> Environment:
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    options["undefined"] = ChainableUndefined
    options.setdefault("autoescape", True)
    env = Environment(**options)  # noqa: S701 - autoescape is set just above

    def render_component(name: str, params: dict) -> Markup:
        module = env.get_template(_NHSUK_COMPONENTS[name]).module
        # The macros escape what they are given; their output is safe HTML.
        return Markup(getattr(module, name)(params))  # noqa: S704

    def component(name: str, params: dict) -> Markup:
        """An NHS.UK component; a list of choices is remembered (see `form_field`)."""
        if name in _CHOICE_COMPONENTS:
            return remembered_component(name, params)
        return render_component(name, params)

    remembered: dict = {}

    def remembered_component(name: str, params: dict) -> Markup:
        """A component made once for each distinct `params` and kept: for the header and footer every
        page repeats. The NHS.UK macros read nothing but their parameters, so the kept HTML is exactly
        what rendering again would give; parameters that are not plain data are rendered each time."""
        try:
            key = (name, _frozen(params))
        except TypeError:
            return render_component(name, params)
        html = remembered.get(key)
        if html is None:
            if len(remembered) >= REMEMBERED_COMPONENTS:
                remembered.clear()
            html = remembered[key] = render_component(name, params)
        return html

    def form_field(bound: forms.BoundField, **field_options) -> Markup:
        """Render a Django form field as the matching NHS.UK component, errors and all.

        A list of choices (select, radios, checkboxes) is remembered like the header: its items are the
        form's own choices, not words someone typed, and a long list is a large share of a page.
        """
        name, params = _field_params(bound, dict(field_options))
        params.update(field_options.get("extra", {}))
        return component(name, params)

    def error_summary(*forms_with_errors: forms.Form) -> Markup:
        """The NHS.UK error summary for one or more forms; empty when there is nothing wrong."""
        error_list = []
        for form in forms_with_errors:
            for error in form.non_field_errors():
                error_list.append({"text": error})
            for bound in form:
                for error in bound.errors:
                    # For radios and checkboxes this is the first item's id too: the NHS.UK macros use
                    # idPrefix as it is for the first item and add "-2", "-3"… for the others.
                    target = bound.auto_id
                    error_list.append({"text": error, "href": f"#{target}"})
        if not error_list:
            return Markup("")
        return component("errorSummary", {"titleText": "There is a problem", "errorList": error_list})

    env.globals.update(
        url=url,
        static=static,
        component=component,
        remembered_component=remembered_component,
        form_field=form_field,
        error_summary=error_summary,
        now=timezone.now,
        crisis_contacts=CRISIS_CONTACTS,
        not_a_crisis_service=NOT_A_CRISIS_SERVICE,
        settings={"DEBUG": settings.DEBUG, "SITE_URL": settings.SITE_URL},
    )
    env.filters.update(markdown=markdown_filter, date=format_date, pluralise=pluralise)
    return env
