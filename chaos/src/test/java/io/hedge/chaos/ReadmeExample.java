package io.hedge.chaos;

import io.hedge.client.HedgeClient;
import io.hedge.client.HedgeClientContext;
import io.hedge.client.Response;
import io.hedge.client.trading.TradingRequests;
import io.hedge.client.trading.TradingResponse;
import io.hedge.codecs.trading.ExecutionReportDecoder;
import io.hedge.codecs.trading.Side;

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
            // clientOrderId 1, account 7, instrument 1, BUY 10 at 1000
            byte[] order = TradingRequests.newOrder(1, 7, 1, Side.BUY, 1_000, 10);

            Response response = client.submit(order).get(5, TimeUnit.SECONDS);

            if (!response.ok())                  // the status first: only OK carries the engine's answer
            {
                return "not executed: " + response.status() + (response.retryable() ? ", submit it again" : "");
            }
            TradingResponse answer = TradingResponse.of(response);
            if (answer.isReject())
            {
                return "order rejected: " + answer.reject().reason();
            }
            ExecutionReportDecoder report = answer.executionReport();
            return "order " + report.orderId() + " " + report.status() + " at seq " + response.seq() +
                ", answered first by replica " + response.replicaId();
        }
        // README-END
    }
}
