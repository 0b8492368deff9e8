package io.hedge.cli;

import io.hedge.fix.FixConfig;
import io.hedge.fix.FixFrontDoor;
import org.agrona.CloseHelper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The FIX front door as a process of its own.
 */
@Command(name = "fix", mixinStandardHelpOptions = true,
    description = {
        "Run the FIX front door: a FIX 4.4 acceptor (QuickFIX/J) in front of the fabric running the sample trading " +
            "engine. NewOrderSingle, OrderCancelRequest and OrderStatusRequest become NewOrder and CancelOrder " +
            "requests or are answered from what the front door kept; ExecutionReports, OrderCancelRejects and " +
            "rejects go back.",
        "Each FIX session is a Hedge client with the stable client id the config gives its TargetCompID. ClOrdIDs " +
            "are kept with their correlation ids in a store under fix.store.dir, forced to disk before the order " +
            "can run: a reused ClOrdID is refused, a resend (PossDupFlag or PossResend) is answered with the original " +
            "outcome, never run twice, also after a restart.",
        "Runs until stopped with SIGTERM or Ctrl-C. See docs/FIX.md for the config keys and the mapping."})
final class FixCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
        description = "the front door's properties file: fix.settings (QuickFIX/J's session settings, in its own " +
            "format), fix.store.dir, hedge.ingress.channels, symbol.*, account.*, session.* (see docs/FIX.md)")
    Path config;

    @Override
    public Integer call() throws InterruptedException
    {
        final FixConfig fixConfig = FixConfig.load(config);
        final FixFrontDoor frontDoor = FixFrontDoor.start(fixConfig);
        spec.commandLine().getOut().printf("hedge fix: FIX sessions (with their client ids) %s, to the gateways at %s%n",
            frontDoor.sessions(), String.join(", ", fixConfig.ingressChannels()));
        spec.commandLine().getOut().flush();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            CloseHelper.quietClose(frontDoor); // the stores are closed, so a restart finds them whole
            stopped.countDown();
        }, "hedge-fix-shutdown"));
        stopped.await();
        return 0;
    }
}
