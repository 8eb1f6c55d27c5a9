// A "Copy link" button beside each read-only link field ([data-carelab-copy-link]).
// Only added when JavaScript runs: without it the field is still there to select and copy.
// After copying, a status message says so (read out by screen readers).

async function copyText(input) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(input.value);
      return true;
    } catch {
      // Refused (permissions, an unfocused page): fall back to selecting the text.
    }
  }
  input.focus();
  input.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

function enhance(group) {
  const input = group.querySelector("input");
  if (!input || group.querySelector(".carelab-copy-link__button")) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small carelab-copy-link__button";
  button.textContent = "Copy link";
  const label = group.querySelector("label");
  const hidden = label && label.querySelector(".nhsuk-u-visually-hidden");
  if (hidden) {
    const more = document.createElement("span");
    more.className = "nhsuk-u-visually-hidden";
    more.textContent = hidden.textContent;
    button.append(more);
  }
  const status = document.createElement("p");
  status.className = "nhsuk-body-s carelab-copy-link__status";
  status.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    const copied = await copyText(input);
    status.textContent = copied ? "Link copied." : "Select the link and copy it.";
    if (!copied) input.select();
  });
  input.addEventListener("focus", () => input.select());
  input.after(button, status);
}

document.querySelectorAll("[data-carelab-copy-link]").forEach(enhance);
