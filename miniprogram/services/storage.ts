/** The phone's local storage, as JSON, with missing or unreadable values read as null. */
export function readStored<T>(key: string): T | null {
  try {
    const raw = wx.getStorageSync(key) as unknown;
    if (raw === "" || raw === undefined || raw === null) return null;
    return (typeof raw === "string" ? JSON.parse(raw) : raw) as T;
  } catch {
    return null;
  }
}

export function store(key: string, value: unknown): void {
  wx.setStorageSync(key, JSON.stringify(value));
}

export function forget(key: string): void {
  wx.removeStorageSync(key);
}
