package io.hedge.chaos.forge;

import io.aeron.protocol.DataHeaderFlyweight;
import io.aeron.protocol.HeaderFlyweight;
import io.aeron.protocol.SetupFlyweight;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.SplittableRandom;

/**
 * A stream of Aeron frames written by hand to one UDP endpoint: a setup frame, then data frames one after another, as
 * a publication would send them, but without the receiver's status messages. That is what an outsider does to reach
 * a subscription whose status messages go elsewhere: a replica's subscription to a gateway's sequenced stream sends
 * them to the gateway's control port, never to whoever sends it data, so a real publication of the forger's would
 * never connect. The receiver makes an image for the new session from the setup and hands its fragments to the
 * role's adapter, where the seal is checked.
 * <p>
 * The receiver's NAKs go to the control port too, so the stream repairs itself blindly: frames sent before the
 * receiver had made its image are dropped there and would leave a gap no one fills, so every
 * {@link #REPAIR_EVERY_NS} the whole session so far is sent again (the receiver drops what it already has). A session
 * holds one term of {@link #TERM_LENGTH} bytes at most; a stream that would outgrow it starts a new session.
 */
final class RawStream
{
    static final int TERM_LENGTH = 64 * 1024;
    static final long REPAIR_EVERY_NS = 200_000_000L;
    private static final int MTU = 1408;
    private static final long SETUP_EVERY_NS = 1_000_000_000L;

    private final DatagramChannel channel;
    private final InetSocketAddress target;
    private final int streamId;
    private final SplittableRandom random;
    private final ByteBuffer term = ByteBuffer.allocate(TERM_LENGTH);
    private final UnsafeBuffer termBuffer = new UnsafeBuffer(term);
    private final ByteBuffer setupFrame = ByteBuffer.allocate(SetupFlyweight.HEADER_LENGTH);
    private final SetupFlyweight setup = new SetupFlyweight();
    private final DataHeaderFlyweight data = new DataHeaderFlyweight();
    private int sessionId;
    private int termId;
    private int termOffset;
    private long lastSetupNs;
    private long lastRepairNs;

    RawStream(final DatagramChannel channel, final InetSocketAddress target, final int streamId,
        final SplittableRandom random)
    {
        this.channel = channel;
        this.target = target;
        this.streamId = streamId;
        this.random = random;
        newSession();
    }

    InetSocketAddress target()
    {
        return target;
    }

    /**
     * Send the setup frame if none went out for a second (a receiver that missed it makes no image), and the session
     * so far if it is time to repair.
     */
    void setupIfDue(final long nowNs) throws IOException
    {
        if (nowNs - lastSetupNs >= SETUP_EVERY_NS)
        {
            sendSetup(nowNs);
        }
        if (termOffset > 0 && nowNs - lastRepairNs >= REPAIR_EVERY_NS)
        {
            resendSession();
            lastRepairNs = nowNs;
        }
    }

    /**
     * @return whether the frame left (false if the message does not fit a frame).
     */
    boolean send(final DirectBuffer message, final int length) throws IOException
    {
        final int frameLength = DataHeaderFlyweight.HEADER_LENGTH + length;
        final int aligned = BitUtil.align(frameLength, 32);
        if (aligned > MTU)
        {
            return false;
        }
        if (termOffset + aligned > TERM_LENGTH)
        {
            newSession();
            sendSetup(System.nanoTime());
        }
        termBuffer.setMemory(termOffset, aligned, (byte)0);
        data.wrap(termBuffer, termOffset, aligned);
        data.frameLength(frameLength);
        data.version(HeaderFlyweight.CURRENT_VERSION);
        data.flags((short)DataHeaderFlyweight.BEGIN_AND_END_FLAGS);
        data.headerType(HeaderFlyweight.HDR_TYPE_DATA);
        data.termOffset(termOffset);
        data.sessionId(sessionId);
        data.streamId(streamId);
        data.termId(termId);
        data.reservedValue(DataHeaderFlyweight.DEFAULT_RESERVE_VALUE);
        termBuffer.putBytes(termOffset + DataHeaderFlyweight.HEADER_LENGTH, message, 0, length);
        term.limit(termOffset + aligned).position(termOffset);
        channel.send(term, target);
        termOffset += aligned;
        return true;
    }

    /**
     * Every frame of the session again, as many to a datagram as fit, as a publication's retransmits would be.
     */
    private void resendSession() throws IOException
    {
        int start = 0;
        while (start < termOffset)
        {
            int end = start;
            while (end < termOffset)
            {
                final int aligned = BitUtil.align(termBuffer.getInt(end), 32);
                if (end + aligned - start > MTU)
                {
                    break;
                }
                end += aligned;
            }
            term.limit(end).position(start);
            channel.send(term, target);
            start = end;
        }
    }

    private void newSession()
    {
        sessionId = random.nextInt();
        termId = random.nextInt();
        termOffset = 0;
        lastSetupNs = 0;
    }

    private void sendSetup(final long nowNs) throws IOException
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(setupFrame);
        setup.wrap(buffer, 0, SetupFlyweight.HEADER_LENGTH);
        setup.frameLength(SetupFlyweight.HEADER_LENGTH);
        setup.version(HeaderFlyweight.CURRENT_VERSION);
        setup.flags((short)0);
        setup.headerType(HeaderFlyweight.HDR_TYPE_SETUP);
        // the session's start: a receiver that makes its image now takes everything from there
        setup.termOffset(0);
        setup.sessionId(sessionId);
        setup.streamId(streamId);
        setup.initialTermId(termId);
        setup.activeTermId(termId);
        setup.termLength(TERM_LENGTH);
        setup.mtuLength(MTU);
        setup.ttl(0);
        setupFrame.clear();
        channel.send(setupFrame, target);
        lastSetupNs = nowNs;
    }
}
