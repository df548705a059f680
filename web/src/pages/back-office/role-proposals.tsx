/**
 * Deciding staff roles take two administrators (docs/back-office.md): one proposes a judge,
 * clerk, administrator or auditor role for another person here; a second administrator
 * approves or refuses it in the list of pending proposals. Nobody proposes for themselves,
 * and a proposal's own author sees it wait for someone else. The API decides every rule
 * (SELF_ROLE_CHANGE, ROLE_PROPOSAL_OWN, ROLE_COMBINATION_NOT_ALLOWED) and its message is shown.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { answer, api } from "../../api/client.ts";
import { useRoleProposals } from "../../api/resources.ts";
import { useAction } from "../../api/use-action.ts";
import { Field } from "../../components/field.tsx";
import { DateTime } from "../../components/format.tsx";
import { Page } from "../../components/page.tsx";
import { Section } from "../../components/section.tsx";
import { Empty, ErrorMessage, Ready, Submit } from "../../components/states.tsx";
import { useSession } from "../../session/session.tsx";

const decidingRoles = ["judge", "clerk", "auditor", "administrator"] as const;
type DecidingRole = (typeof decidingRoles)[number];

interface Proposal {
  id: string;
  civilId: string;
  role: string;
  proposedBy: string;
  proposedAt: string;
  reason: string | null;
  nameAr: string;
  nameEn: string;
}

function ProposeForm({ onProposed }: { onProposed: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [civilId, setCivilId] = useState("");
  const [role, setRole] = useState<DecidingRole>("judge");
  const [reason, setReason] = useState("");
  const [sent, setSent] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    void action.run(async () => {
      await answer(api.POST("/api/v1/staff-role-proposals", { body: { civilId: civilId.trim(), role, reason: reason.trim() || null } }));
      setSent(true);
      setCivilId("");
      setReason("");
      onProposed();
    });
  };
  return (
    <form className="card" id="propose-role" onSubmit={submit} aria-labelledby="propose-title">
      <h2 id="propose-title">{t("roleProposals.propose")}</h2>
      <p className="hint">{t("roleProposals.proposeHint")}</p>
      <Field id="propose-civil-id" label={t("roleProposals.civilId")}>
        {(described) => <input id="propose-civil-id" dir="ltr" inputMode="numeric" required maxLength={12} value={civilId} onChange={(event) => setCivilId(event.target.value)} {...described} />}
      </Field>
      <Field id="propose-role-name" label={t("roleProposals.role")}>
        {(described) => (
          <select id="propose-role-name" value={role} onChange={(event) => setRole(event.target.value as DecidingRole)} {...described}>
            {decidingRoles.map((name) => (
              <option key={name} value={name}>
                {t(`roles.${name}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="propose-reason" label={t("roleProposals.reason")}>
        {(described) => <textarea id="propose-reason" maxLength={1000} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} {...described} />}
      </Field>
      {sent ? (
        <p className="notice" role="status" id="propose-sent">
          {t("roleProposals.sent")}
        </p>
      ) : null}
      <Submit action={action} label={t("roleProposals.proposeButton")} id="propose-submit" />
    </form>
  );
}

function ProposalCard({ proposal, mine, onDecided }: { proposal: Proposal; mine: boolean; onDecided: () => void }) {
  const { t, i18n } = useTranslation();
  const action = useAction();
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState("");
  const approve = () => void action.run(async () => {
    await answer(api.POST("/api/v1/staff-role-proposals/{proposalId}/approve", { params: { path: { proposalId: proposal.id } } }));
    onDecided();
  });
  const refuse = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await answer(api.POST("/api/v1/staff-role-proposals/{proposalId}/refuse", { params: { path: { proposalId: proposal.id } }, body: { reason: reason.trim() } }));
      onDecided();
    });
  };
  return (
    <li className="card proposal" data-proposal-id={proposal.id}>
      <h3 className="h4">
        {i18n.language === "ar" ? proposal.nameAr : proposal.nameEn} — {t(`roles.${proposal.role}`)}
      </h3>
      <dl className="facts inline">
        <div>
          <dt>{t("roleProposals.civilId")}</dt>
          <dd>
            <bdi dir="ltr">{proposal.civilId}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t("roleProposals.proposedBy")}</dt>
          <dd>
            <bdi dir="ltr">{proposal.proposedBy}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t("roleProposals.proposedAt")}</dt>
          <dd>
            <DateTime iso={proposal.proposedAt} />
          </dd>
        </div>
        {proposal.reason ? (
          <div>
            <dt>{t("roleProposals.reason")}</dt>
            <dd dir="auto">{proposal.reason}</dd>
          </div>
        ) : null}
      </dl>
      {mine ? (
        <p className="muted">{t("roleProposals.waitingForAnother")}</p>
      ) : refusing ? (
        <form onSubmit={refuse} className="refuse-form">
          <Field id={`refuse-${proposal.id}`} label={t("roleProposals.refuseReason")}>
            {(described) => <textarea id={`refuse-${proposal.id}`} required maxLength={1000} rows={2} value={reason} onChange={(event) => setReason(event.target.value)} {...described} />}
          </Field>
          <div className="step-buttons">
            <button type="button" className="button secondary" onClick={() => setRefusing(false)}>
              {t("roleProposals.back")}
            </button>
            <Submit action={action} label={t("roleProposals.refuse")} className="button danger" />
          </div>
        </form>
      ) : (
        <>
          {action.failure ? <ErrorMessage error={action.failure} /> : null}
          <div className="step-buttons">
            <button type="button" className="button" disabled={action.busy} onClick={approve} data-approve={proposal.id}>
              {t("roleProposals.approve")}
            </button>
            <button type="button" className="button secondary" disabled={action.busy} onClick={() => setRefusing(true)} data-refuse={proposal.id}>
              {t("roleProposals.refuse")}
            </button>
          </div>
        </>
      )}
    </li>
  );
}

export function RoleProposalsPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const pending = useRoleProposals("proposed");
  const me = session.state === "signed-in" ? session.me : null;
  return (
    <Page className="role-proposals-page" title={t("roleProposals.title")} intro={t("roleProposals.intro")}>
      <ProposeForm onProposed={pending.reload} />
      <Section id="pending-title" title={t("roleProposals.pending")}>
        <Ready resource={pending}>
          {(list) =>
            list.length === 0 ? (
              <Empty>{t("roleProposals.none")}</Empty>
            ) : (
              <ul className="cards" id="pending-proposals">
                {list.map((proposal) => (
                  <ProposalCard key={proposal.id} proposal={proposal} mine={me !== null && proposal.proposedBy === me.civilId} onDecided={pending.reload} />
                ))}
              </ul>
            )
          }
        </Ready>
      </Section>
    </Page>
  );
}
