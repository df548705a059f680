/** Which of my debtor parties acts (in person, or a company I represent): asked only when there is more than one. */
import { useTranslation } from "react-i18next";
import type { Party } from "../../api/types.ts";
import { partyName } from "../../components/vocabulary.ts";

export function DebtorChoice({ id, parties, value, onChange }: { id: string; parties: Party[]; value: string; onChange: (partyId: string) => void }) {
  const { t } = useTranslation();
  if (parties.length <= 1) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{t("plans.debtor")}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {parties.map((party) => (
          <option key={party.id} value={party.id}>
            {partyName(party)}
          </option>
        ))}
      </select>
    </div>
  );
}
