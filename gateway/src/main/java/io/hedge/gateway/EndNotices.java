package io.hedge.gateway;

import io.hedge.codecs.fabric.ConnectStatus;
import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;

/**
 * Last messages to clients, each over a publication of its own that is closed once the client is told (or the
 * deadline passes): a refusal (too many clients), the notice to a superseded session, a failed logon
 * (AUTHENTICATION_FAILED) or a client id of another principal (CLIENT_ID_TAKEN). At most
 * {@link ClientSessions#MAX_REFUSALS} at once: they are the answer to input from outside, which may come in floods;
 * beyond, the publication is only closed and the notice counted as dropped.
 */
final class EndNotices implements AutoCloseable
{
    /** Sends one notice. */
    interface Sender
    {
        /**
         * @return false when the message could not be sent: it is tried again.
         */
        boolean onEnd(ClientPublication publication, long clientId, ConnectStatus status, String detail);
    }

    private final List<Notice> notices = new ArrayList<>(ClientSessions.MAX_REFUSALS);
    private long dropped;

    /**
     * @return false if there is no room: the caller closes what it would have handed over, and it is counted.
     */
    boolean hasRoom()
    {
        if (notices.size() < ClientSessions.MAX_REFUSALS)
        {
            return true;
        }
        dropped++;
        return false;
    }

    /**
     * @return true if a notice of this status to this client is on its way.
     */
    boolean pending(final long clientId, final ConnectStatus status)
    {
        for (int i = 0; i < notices.size(); i++)
        {
            if (notices.get(i).clientId == clientId && notices.get(i).status == status)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Hand over a publication (or one being added: exactly one of the two is given), which is closed once done.
     */
    void add(
        final long clientId,
        final ClientPublication publication,
        final ClientPublication.Pending pending,
        final long deadlineNs,
        final ConnectStatus status,
        final String detail)
    {
        notices.add(new Notice(clientId, publication, pending, deadlineNs, status, detail));
    }

    int poll(final long nowNs, final Sender sender)
    {
        int work = 0;
        for (int i = notices.size() - 1; i >= 0; i--)
        {
            final Notice notice = notices.get(i);
            boolean done = nowNs - notice.deadlineNs > 0;
            try
            {
                if (null == notice.publication)
                {
                    notice.publication = notice.pending.poll();
                }
                done |= null != notice.publication && notice.publication.isConnected() &&
                    sender.onEnd(notice.publication, notice.clientId, notice.status, notice.detail);
            }
            catch (final RuntimeException ex)
            {
                done = true;
            }
            if (done)
            {
                notice.close();
                notices.remove(i);
                work++;
            }
        }
        return work;
    }

    boolean isEmpty()
    {
        return notices.isEmpty();
    }

    long dropped()
    {
        return dropped;
    }

    @Override
    public void close()
    {
        notices.forEach(Notice::close);
        notices.clear();
    }

    private static final class Notice
    {
        final long clientId;
        final ClientPublication.Pending pending;
        final long deadlineNs;
        final ConnectStatus status;
        final String detail;
        ClientPublication publication;

        Notice(
            final long clientId,
            final ClientPublication publication,
            final ClientPublication.Pending pending,
            final long deadlineNs,
            final ConnectStatus status,
            final String detail)
        {
            this.clientId = clientId;
            this.publication = publication;
            this.pending = pending;
            this.deadlineNs = deadlineNs;
            this.status = status;
            this.detail = detail;
        }

        void close()
        {
            if (null != publication)
            {
                CloseHelper.quietClose(publication);
            }
            else if (null != pending)
            {
                pending.cancel();
            }
        }
    }
}
