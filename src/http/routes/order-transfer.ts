import { z } from "zod";
import { orderTransfer } from "../../app/agency-exchange/order-transfer.ts";
import { kwd } from "../dto.ts";
import { authenticated, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const orderTransferRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/transfers",
    {
      schema: {
        summary: "Order the banks to transfer the funds they hold under the file to the department (clerk)",
        tags: ["money"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
      },
    },
    async (request, reply) => {
      const result = await orderTransfer(deps, useCaseContext(request), request.params);
      return reply.code(202).send({ transfers: result.transfers.map((transfer) => ({ ...transfer, amount: kwd(transfer.amount) })) });
    },
  );
};
