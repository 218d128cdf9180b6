// Started from a file, not inline, so the Content Security Policy can forbid inline script.
if (window.DKFDS) {
  window.DKFDS.init();
}
