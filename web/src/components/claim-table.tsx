/** What the title awards, item by item, with the total where there is one: the creditor's file page, the debtor's, a submitted title. */
import { useTranslation } from "react-i18next";
import type { FileDetail } from "../api/types.ts";
import { Kwd } from "./format.tsx";

export function ClaimTable({ file }: { file: Pick<FileDetail, "claim"> & { claimTotal?: string } }) {
  const { t } = useTranslation();
  return (
    <table className="simple">
      <tbody>
        {file.claim.map((item) => (
          <tr key={item.kind}>
            <th scope="row">{t(`file.claimKinds.${item.kind}`, { defaultValue: t("states.other") })}</th>
            <td>
              <Kwd value={item.amount} />
            </td>
          </tr>
        ))}
      </tbody>
      {file.claimTotal !== undefined ? (
        <tfoot>
          <tr>
            <th scope="row">{t("file.total")}</th>
            <td>
              <Kwd value={file.claimTotal} />
            </td>
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}
