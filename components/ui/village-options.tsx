/** The villages/communities a user may choose, grouped by township (from villagesInScope). */
export type VillageGroup = { township: string; villages: { code: string; name: string }[] };

export function VillageOptions({ groups }: { groups: VillageGroup[] }) {
  return groups.map((g) => (
    <optgroup key={g.township} label={g.township}>
      {g.villages.map((v) => (
        <option key={v.code} value={v.code}>{v.name}</option>
      ))}
    </optgroup>
  ));
}
