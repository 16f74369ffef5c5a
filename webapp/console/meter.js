// The bufferedAmount meter: the number, a progress bar from the peak down to 0, and a "sent" mark at 0.
// bufferedAmount has no event, so it is sampled while a send drains (and only then).

import { formatSize } from './log.js';

/** How often a draining socket's bufferedAmount is read, in ms. */
export const DRAIN_SAMPLE_MS = 50;

export class DrainMeter {
  /** @param amount element for the number; @param bar a <progress>; @param status element for the mark */
  constructor(amount, bar, status) {
    this.amount = amount;
    this.bar = bar;
    this.status = status;
    this.socket = null;
    this.peak = 0;
    this.timer = null;
  }

  /** Call right after socket.send(): the amount is read in the same task, before the browser can drain it. */
  watch(socket) {
    if (socket !== this.socket || this.timer === null) {
      this.stop();
      this.socket = socket;
      this.peak = 0;
    }
    this.peak = Math.max(this.peak, socket.bufferedAmount);
    this.bar.max = Math.max(this.peak, 1);
    this.bar.dataset.peak = String(this.peak);
    this.update();
    if (this.timer === null && this.status.dataset.state === 'draining') {
      this.timer = setInterval(() => this.update(), DRAIN_SAMPLE_MS);
    }
  }

  update() {
    const socket = this.socket;
    const left = socket.bufferedAmount;
    this.amount.textContent = String(left);
    this.bar.value = this.peak - left;
    if (left === 0 || socket.readyState === WebSocket.CLOSED) {
      this.stop();
      this.status.dataset.state = left === 0 ? 'sent' : 'unsent';
      this.status.textContent = left === 0
        ? `sent ✓ ${formatSize(this.peak)}`
        : `not sent: closed with ${formatSize(left)} left`;
    } else {
      this.status.dataset.state = 'draining';
      this.status.textContent = `draining ${Math.floor((100 * (this.peak - left)) / this.peak)}%`;
    }
  }

  stop() {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
