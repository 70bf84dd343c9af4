// A long text never travels over the circuit as input events: one SignalR message from the browser is at most 32 KB,
// and Blazor's value binding would send the whole text on every keystroke. The page is told only that the text
// changed and how long it now is (once typing pauses); it reads the text itself, as a stream, when it needs it.
const watched = new WeakMap();

export function watch(textarea, page, pauseMs) {
  unwatch(textarea);
  let timer = 0;
  const tell = () => {
    timer = 0;
    page.invokeMethodAsync('Edited', textarea.value.length);
  };
  const onInput = () => {
    clearTimeout(timer);
    timer = setTimeout(tell, pauseMs);
  };
  textarea.addEventListener('input', onInput);
  // Text typed (or pasted) after the page turned interactive but before this module was loaded and watching: tell it
  // now, as the pause after typing would have (a race a loaded CI machine hit: the preview never came).
  if (textarea.value !== textarea.defaultValue) onInput();
  watched.set(textarea, () => {
    clearTimeout(timer);
    textarea.removeEventListener('input', onInput);
  });
}

export function unwatch(textarea) {
  watched.get(textarea)?.();
  watched.delete(textarea);
}

// The text as UTF-8 bytes: returned to .NET as an IJSStreamReference, which Blazor sends in chunks below the limit.
export function read(textarea) {
  return new TextEncoder().encode(textarea.value);
}
