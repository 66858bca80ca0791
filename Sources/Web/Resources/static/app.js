// Progressive enhancement only: pages work without it. Renders $…$ / $$…$$ math with the
// KaTeX copy Paperboy serves itself (no CDN, no inline script, so the CSP stays strict).
document.addEventListener("DOMContentLoaded", function () {
  if (typeof renderMathInElement !== "function") return;
  document.querySelectorAll(".math").forEach(function (el) {
    renderMathInElement(el, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "$", right: "$", display: false },
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true }
      ],
      throwOnError: false,
      ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code"]
    });
  });
});

// Upvote buttons: the form posts and redirects back without JavaScript; with it, the vote is
// sent in the background (the server answers JSON to Accept: application/json) and the button
// and count change in place.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-vote]") || !window.fetch) return;
  event.preventDefault();
  var button = form.querySelector("button");
  button.disabled = true;
  fetch(form.action, {
    method: "POST",
    headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(new FormData(form)).toString(),
    credentials: "same-origin"
  }).then(function (response) {
    if (!response.ok) throw new Error("vote failed: " + response.status);
    return response.json();
  }).then(function (tally) {
    form.querySelector(".count").textContent = tally.upvotes;
    form.querySelector("input[name=up]").value = tally.upvoted ? "0" : "1";
    button.classList.toggle("on", tally.upvoted);
    button.setAttribute("aria-pressed", tally.upvoted ? "true" : "false");
  }).catch(function () {
    form.submit();  // let the server answer with a page (sign-in, error) instead
  }).finally(function () {
    button.disabled = false;
  });
});

// The digest form: a new subscription's time zone defaults to the browser's own.
document.addEventListener("DOMContentLoaded", function () {
  var zone = document.querySelector(".digest input[name=timezone]");
  if (!zone || zone.value !== "UTC" || !window.Intl) return;
  var own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (own && document.querySelector(".digest input[name=email]")) zone.value = own;
});
