package io.hedge.chaos;

import io.hedge.client.HedgeClient;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.Response;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.MessageHeaderDecoder;
import io.hedge.codecs.trading.MessageHeaderEncoder;
import io.hedge.codecs.trading.NewOrderEncoder;
import io.hedge.codecs.trading.Side;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * The SDK example of the README, verbatim between the markers; {@code ReadmeExampleTest} runs it and checks
 * that the README still shows exactly this code.
 */
final class ReadmeExample
{
    private ReadmeExample()
    {
    }

    static String run(final String aeronDir, final String ingressChannel) throws Exception
    {
        // README-BEGIN
        HedgeClientContext ctx = new HedgeClientContext()
            .aeronDirectoryName(aeronDir)        // the media driver this JVM talks to
            .ingressChannel(ingressChannel);     // the gateway, e.g. "aeron:udp?endpoint=localhost:20121"
        try (HedgeClient client = HedgeClient.connect(ctx))
        {
            UnsafeBuffer order = new UnsafeBuffer(new byte[64]);
            NewOrderEncoder newOrder = new NewOrderEncoder()
                .wrapAndApplyHeader(order, 0, new MessageHeaderEncoder())
                .clientOrderId(1).accountId(7).instrumentId(1).side(Side.BUY).price(1_000).quantity(10);
            int length = MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength();

            Response response = client.submit(order, 0, length).get(5, TimeUnit.SECONDS);

            ExecutionReportDecoder report = new ExecutionReportDecoder()
                .wrapAndApplyHeader(new UnsafeBuffer(response.payload()), 0, new MessageHeaderDecoder());
            return "order " + report.orderId() + " " + report.status() + " at seq " + response.seq() +
                ", answered first by replica " + response.replicaId();
        }
        // README-END
    }
}
