// The guided walk's side in the browser (dashboard.walk.BrowserMemory, a Panel JSComponent):
// what this browser keeps of the learner's walk, and its Back and Forward between the steps.
//
// An ES module, not one of the FORMS of dashboard/js/__init__.py: Panel loads it as the
// component's own code. What the server sends (``progress``) is kept in localStorage, in this
// browser only; what was kept is sent back once (``stored``) as the page opens. The browser's
// Back and Forward land on another step's link: its ``walk`` goes to the server (``landed``,
// with a count), which opens that step (the permalink pushes one history entry per step, dashboard/permalink.py).

const KEY = "nnshape.walk";

export function render({ model }) {
  let kept = null;
  try {
    kept = window.localStorage.getItem(KEY);
  } catch (error) {
    kept = null; // storage switched off or full: the walk still works, without memory
  }
  model.stored = kept === null ? "{}" : kept;
  model.on("progress", () => {
    if (!model.progress) return;
    try {
      window.localStorage.setItem(KEY, model.progress);
    } catch (error) {
      // as above: nothing kept, nothing broken
    }
  });
  // Each landing is news, even on the same step again: a count follows the step.
  let landings = 0;
  const moved = () => {
    landings += 1;
    const walk = new URLSearchParams(window.location.search).get("walk");
    model.landed = `${walk === null ? "" : walk} ${landings}`;
  };
  window.addEventListener("popstate", moved);
  model.on("remove", () => window.removeEventListener("popstate", moved));
  const nothing = document.createElement("span");
  nothing.hidden = true;
  return nothing;
}
