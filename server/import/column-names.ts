import { BeatError } from "../errors";

/**
 * The header names an admin may use, mapped to the field each means (DESIGN.md, import). Matching
 * ignores case, spaces and underscores, so "Owner UserID" and "owner_userid" are the same column.
 */
const PEOPLE_COLUMNS: Record<string, string[]> = {
  userid: ["userid", "用户id", "账号", "企业微信账号"],
  name: ["name", "姓名"],
  role: ["role", "角色"],
  manager_userid: ["manager_userid", "manager", "上级", "上级id", "直属上级"],
};

const CUSTOMER_COLUMNS: Record<string, string[]> = {
  name: ["name", "客户名称", "客户"],
  owner_userid: ["owner_userid", "owner", "负责销售", "负责人"],
  key: ["key", "重点客户"],
  industry: ["industry", "行业"],
  address: ["address", "地址"],
  latitude: ["latitude", "lat", "纬度"],
  longitude: ["longitude", "lng", "lon", "经度"],
  contacts: ["contacts", "联系人"],
  aliases: ["aliases", "别名", "简称"],
};

export type ImportKind = "people" | "customers";

const REQUIRED: Record<ImportKind, string[]> = {
  people: ["userid", "name", "role"],
  customers: ["name", "owner_userid"],
};

const normalize = (header: string) => header.toLowerCase().replace(/[\s_]/g, "");

function mapHeaders(headers: string[], columns: Record<string, string[]>): (string | null)[] {
  return headers.map((header) => {
    const wanted = normalize(header);
    const found = Object.entries(columns).find(([, names]) =>
      names.some((n) => normalize(n) === wanted),
    );

    return found ? found[0] : null;
  });
}

/**
 * Decides from the header row whether a file holds people or customers, and which column is which
 * field. Unknown extra columns are ignored; a file that is neither is an error naming what is needed.
 */
export function recognizeColumns(headers: string[]): {
  kind: ImportKind;
  fields: (string | null)[];
} {
  const people = mapHeaders(headers, PEOPLE_COLUMNS);
  const customers = mapHeaders(headers, CUSTOMER_COLUMNS);
  // userid only appears in people files, owner_userid only in customer files.
  const kind: ImportKind | null = people.includes("userid")
    ? "people"
    : customers.includes("owner_userid")
      ? "customers"
      : null;
  if (kind) {
    const fields = kind === "people" ? people : customers;
    const missing = REQUIRED[kind].filter((field) => !fields.includes(field));
    if (missing.length > 0) {
      throw new BeatError("import_header", `this ${kind} file has no ${missing.join(", ")} column`);
    }
    return { kind, fields };
  }

  throw new BeatError(
    "import_header",
    "the header row is neither people (userid/用户ID, name/姓名, role/角色, manager_userid/上级) " +
      "nor customers (name/客户名称, owner_userid/负责销售, …)",
  );
}

/** One row as field → text, using the recognised columns. */
export function recordOf(cells: string[], fields: (string | null)[]): Record<string, string> {
  const record: Record<string, string> = {};
  fields.forEach((field, index) => {
    if (field) {
      record[field] = cells[index] ?? "";
    }
  });

  return record;
}
