// The live stream: one WebSocket per page that reconnects by itself and tells the page to catch up afterwards.
import { t } from "./kefu.js";

/**
 * Calls `onEvent(event)` for each event the signed-in viewer may see, and `onCatchUp()` after a dropped connection
 * comes back, because events sent while it was down are gone.
 */
export function connectLive(onEvent, onCatchUp) {
  const indicator = document.getElementById("live-state");
  let attempt = 0;
  let connectedBefore = false;

  function open() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/api/v1/live`);
    socket.addEventListener("open", () => {
      attempt = 0;
      indicator.hidden = true;
      document.body.dataset.live = "on";
      if (connectedBefore) onCatchUp();
      connectedBefore = true;
    });
    socket.addEventListener("message", (message) => {
      try { onEvent(JSON.parse(message.data)); } catch (error) { console.error("live event", error); }
    });
    socket.addEventListener("close", () => {
      document.body.dataset.live = "off";
      indicator.textContent = t("live.offline");
      indicator.hidden = false;
      const delay = Math.min(10_000, 300 * 2 ** attempt++) * (0.75 + Math.random() / 2);
      setTimeout(open, delay);
    });
  }
  open();
}
