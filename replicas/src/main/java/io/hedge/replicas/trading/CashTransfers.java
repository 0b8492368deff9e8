package io.hedge.replicas.trading;

import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.RejectReason;
import io.hedge.codecs.trading.TransferAckEncoder;
import io.hedge.codecs.trading.TransferDecoder;
import org.agrona.MutableDirectBuffer;

/**
 * Cash transfers between accounts: they touch balances only, never the books, so they live apart from order entry.
 */
final class CashTransfers
{
    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    private final Accounts accounts;
    private final AccountOwners owners;
    private final RejectWriter rejects;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final TransferAckEncoder transferAckEncoder = new TransferAckEncoder();

    CashTransfers(final Accounts accounts, final AccountOwners owners, final RejectWriter rejects)
    {
        this.accounts = accounts;
        this.owners = owners;
        this.rejects = rejects;
    }

    /**
     * @param principalId of the request: it must own the account the cash leaves; any account may receive, as with a
     *                    bank transfer (paying someone needs no say of theirs).
     */
    int onTransfer(
        final TransferDecoder transfer,
        final int principalId,
        final MutableDirectBuffer response,
        final int responseOffset)
    {
        final long transferId = transfer.transferId();
        final long fromId = transfer.fromAccountId();
        final long toId = transfer.toAccountId();
        final long amount = transfer.amount();
        final int templateId = TransferDecoder.TEMPLATE_ID;

        if (!accounts.isValidAccount(fromId) || !accounts.isValidAccount(toId))
        {
            return rejects.reject(response, responseOffset, transferId, templateId, RejectReason.UNKNOWN_ACCOUNT);
        }
        if (!owners.mayUse(principalId, fromId))
        {
            return rejects.reject(response, responseOffset, transferId, templateId, RejectReason.NOT_ACCOUNT_OWNER);
        }
        if (fromId == toId)
        {
            return rejects.reject(response, responseOffset, transferId, templateId, RejectReason.SAME_ACCOUNT);
        }
        if (amount <= 0)
        {
            return rejects.reject(response, responseOffset, transferId, templateId, RejectReason.INVALID_AMOUNT);
        }
        if (!accounts.tryTransfer(fromId, toId, amount))
        {
            return rejects.reject(response, responseOffset, transferId, templateId, RejectReason.INSUFFICIENT_FUNDS);
        }

        transferAckEncoder
            .wrapAndApplyHeader(response, responseOffset, headerEncoder)
            .transferId(transferId)
            .fromAccountId(fromId)
            .toAccountId(toId)
            .amount(amount)
            .fromBalance(accounts.cashAvailable(fromId))
            .toBalance(accounts.cashAvailable(toId));
        return HEADER_LENGTH + TransferAckEncoder.BLOCK_LENGTH;
    }
}
