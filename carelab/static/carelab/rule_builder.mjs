/**
 * The builder's conditions, chosen from lists, a little smoother with JavaScript on.
 *
 * Without this script the page works in two steps: choose the question, press "Show the answers to
 * choose from" (a submit button named `rule_step`), and the server shows the page again, as posted
 * and unsaved, with the comparisons and answers for that question (carelab/surveys/forms_rules.py).
 * With it, choosing a question sends the same request in the background and swaps in the part of
 * the page that changed, so nothing else on the page (what was typed, where the focus is) moves; and
 * the value boxes that do not apply to the chosen comparison are hidden. If the request fails, the
 * button is shown again, so the person can still take the step themselves.
 */

const HIDDEN_WHEN = "[data-rule-hide-when]";
const SHOWN_WHEN = "[data-rule-show-when]";

/** Hide value boxes that the chosen comparison does not use ("has been answered" uses none). */
function showValuesFor(details) {
  const comparison = details.querySelector("select[name=condition_comparison]");
  if (!comparison) return;
  const chosen = comparison.value;
  for (const element of details.querySelectorAll(HIDDEN_WHEN)) {
    element.hidden = element.dataset.ruleHideWhen.split(" ").includes(chosen);
  }
  for (const element of details.querySelectorAll(SHOWN_WHEN)) {
    element.hidden = !element.dataset.ruleShowWhen.split(" ").includes(chosen);
  }
}

function enhance(builder) {
  const form = builder.closest("form");
  const step = builder.querySelector("[data-rule-step]");
  const question = builder.querySelector("select[name=condition_question]");
  if (!form || !step || !question) return;
  step.hidden = true;
  showValuesFor(builder.querySelector("[data-rule-details]"));
  builder.addEventListener("change", (event) => {
    if (event.target.name === "condition_comparison") showValuesFor(builder.querySelector("[data-rule-details]"));
  });
  question.addEventListener("change", async () => {
    const details = builder.querySelector("[data-rule-details]");
    const body = new FormData(form);
    body.append(step.name, step.value);
    details.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
      if (!response.ok) throw new Error(`The page answered ${response.status}`);
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById(details.id);
      if (!fresh) throw new Error("The page has no condition details");
      details.replaceWith(document.adoptNode(fresh));
      showValuesFor(fresh);
    } catch {
      details.removeAttribute("aria-busy");
      step.hidden = false;
    }
  });
}

for (const builder of document.querySelectorAll("[data-rule-builder]")) enhance(builder);
