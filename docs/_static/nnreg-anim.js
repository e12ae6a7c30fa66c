/* Training animations that a reader can pause, play and step (WCAG 2.2.2).
 *
 * Each GIF in a page's article is decoded in the browser (omggif.js, vendored
 * next to this file) and drawn on a canvas that sits where the GIF was, with
 * a Play/Pause button, previous/next-frame buttons and a frame counter.
 * Readers who prefer reduced motion get the animation paused on its last
 * frame (the trained fit).  Without JavaScript, or if decoding fails, the GIF
 * stays as it is; downloads and notebooks keep their plain GIFs.
 */
(function () {
  "use strict";

  function frameDelayMs(info) {
    // GIF delays are in 1/100 s; browsers treat tiny delays as 100 ms.
    var d = info.delay * 10;
    return d >= 20 ? d : 100;
  }

  function decode(buffer) {
    var reader = new GifReader(new Uint8Array(buffer));
    var w = reader.width, h = reader.height;
    var canvasData = new Uint8ClampedArray(w * h * 4);
    var frames = [];
    for (var i = 0; i < reader.numFrames(); i++) {
      var info = reader.frameInfo(i);
      var before = info.disposal === 3 ? canvasData.slice() : null;
      reader.decodeAndBlitFrameRGBA(i, canvasData);
      frames.push({data: new ImageData(canvasData.slice(), w, h),
                   delay: frameDelayMs(info)});
      if (info.disposal === 2) {
        for (var y = info.y; y < info.y + info.height; y++) {
          canvasData.fill(0, (y * w + info.x) * 4,
                          (y * w + info.x + info.width) * 4);
        }
      } else if (before) {
        canvasData = before;
      }
    }
    return {width: w, height: h, frames: frames};
  }

  function button(label, text) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "nnreg-anim-button";
    b.setAttribute("aria-label", label);
    b.textContent = text;
    return b;
  }

  function enhance(img, gif, reduceMotion) {
    var canvas = document.createElement("canvas");
    canvas.width = gif.width;
    canvas.height = gif.height;
    canvas.className = "nnreg-anim-canvas";
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", img.getAttribute("alt") || "Animation");
    var ctx = canvas.getContext("2d");

    var box = document.createElement("div");
    box.className = "nnreg-anim";
    var bar = document.createElement("div");
    bar.className = "nnreg-anim-controls";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Animation controls");
    var prev = button("Previous frame", "\u25C0\u2009Step");
    var play = button("Play", "");
    var next = button("Next frame", "Step\u2009\u25B6");
    var counter = document.createElement("span");
    counter.className = "nnreg-anim-counter";
    counter.setAttribute("aria-live", "polite");
    bar.append(prev, play, next, counter);

    var n = gif.frames.length;
    var index = 0, timer = null;

    function show(i) {
      index = (i + n) % n;
      ctx.putImageData(gif.frames[index].data, 0, 0);
      counter.textContent = "Frame " + (index + 1) + " of " + n;
      box.dataset.frame = String(index);
    }
    function tick() {
      show(index + 1);
      timer = setTimeout(tick, gif.frames[index].delay);
    }
    function setPlaying(on) {
      clearTimeout(timer);
      timer = null;
      box.dataset.playing = on ? "true" : "false";
      play.setAttribute("aria-pressed", on ? "true" : "false");
      play.setAttribute("aria-label", on ? "Pause" : "Play");
      play.textContent = on ? "\u275A\u275A Pause" : "\u25B6 Play";
      if (on) timer = setTimeout(tick, gif.frames[index].delay);
    }
    play.addEventListener("click", function () {
      setPlaying(timer === null);
    });
    prev.addEventListener("click", function () { setPlaying(false); show(index - 1); });
    next.addEventListener("click", function () { setPlaying(false); show(index + 1); });

    img.parentNode.insertBefore(box, img);
    box.append(img, canvas, bar);
    img.classList.add("nnreg-anim-source");
    if (reduceMotion) {
      show(n - 1);
      setPlaying(false);
    } else {
      show(0);
      setPlaying(n > 1);
    }
  }

  function start() {
    if (typeof GifReader === "undefined" || typeof ImageData === "undefined") return;
    var reduce = window.matchMedia &&
      window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var imgs = document.querySelectorAll("article img[src$='.gif']");
    imgs.forEach(function (img) {
      fetch(img.src)
        .then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.arrayBuffer();
        })
        .then(function (buf) { enhance(img, decode(buf), reduce); })
        .catch(function () { /* the plain GIF stays */ });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
