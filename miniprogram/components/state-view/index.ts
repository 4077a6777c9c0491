/**
 * The states every page has besides its content: loading, empty, offline, session expired, and a
 * refusal with its reason. Offline and expired offer a retry; the page decides what retry does.
 */
Component({
  properties: {
    state: { type: String, value: "loading" },
    message: { type: String, value: "" },
  },
  methods: {
    retry() {
      this.triggerEvent("retry");
    },
  },
});
