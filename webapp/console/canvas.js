// The drawing pad whose ImageData is sent as an ArrayBuffer, and the canvas the echoed bytes are painted into.

/** A canvas the pointer draws on (mouse, pen or finger). */
export function drawingPad(canvas, colorInput) {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const clear = () => {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  };
  clear();
  let last = null;
  const point = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * (canvas.width / r.width), (e.clientY - r.top) * (canvas.height / r.height)];
  };
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture?.(e.pointerId);
    last = point(e);
    ctx.fillStyle = colorInput.value;
    ctx.beginPath();
    ctx.arc(last[0], last[1], 2.5, 0, Math.PI * 2);
    ctx.fill();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = point(e);
    ctx.strokeStyle = colorInput.value;
    ctx.lineWidth = 5;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(last[0], last[1]);
    ctx.lineTo(p[0], p[1]);
    ctx.stroke();
    last = p;
  });
  const end = () => { last = null; };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  return {
    ctx,
    clear,
    /** The pixels as a fresh ArrayBuffer (RGBA, row by row), copied the way the classic tutorial does. */
    imageBuffer() {
      const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const binary = new Uint8Array(img.data.length);
      binary.set(img.data);
      return binary.buffer;
    },
  };
}

/** Paints RGBA bytes into the canvas; false (and nothing painted) when the size does not fit it. */
export function paint(canvas, bytes) {
  if (bytes.length !== canvas.width * canvas.height * 4) return false;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(canvas.width, canvas.height);
  img.data.set(bytes);
  ctx.putImageData(img, 0, 0);
  return true;
}
