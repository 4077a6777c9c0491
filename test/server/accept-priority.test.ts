import { expect, it } from "vitest";
import { AcceptPriority } from "../../server/inbox/accept-priority";

it("lets the worker go at once when no callback has arrived", async () => {
  const priority = new AcceptPriority();

  // "At once" is before any timer could fire, which no busy machine can blur as a measured time can.
  const first = await Promise.race([
    priority.quiet().then(() => "released"),
    new Promise((resolve) => setImmediate(() => resolve("a timer first"))),
  ]);

  expect(first).toBe("released");
});

it("holds the worker while a callback is in flight, and lets it go once the route is quiet", async () => {
  const priority = new AcceptPriority();
  priority.enter();
  let released = false;

  const waiting = priority.quiet(1_000).then(() => {
    released = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 30));
  const heldWhileInFlight = !released;
  priority.leave();
  await waiting;

  expect(heldWhileInFlight).toBe(true);
  expect(released).toBe(true);
});

it("never holds the worker longer than its bound under a flood of callbacks", async () => {
  const priority = new AcceptPriority();
  priority.enter();
  const started = performance.now();

  await priority.quiet(40);

  const held = performance.now() - started;
  expect(held).toBeGreaterThanOrEqual(39);
  expect(held).toBeLessThan(500);
  priority.leave();
});
