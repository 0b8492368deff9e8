package io.hedge.transport;

import io.aeron.Aeron;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The launch shape every role shares: conclude its Context, connect an Aeron client unless one is given, build the
 * agent, run it on a thread of its own; close in the reverse order. What the agent throws goes to a
 * {@link RoleErrorHandler}: logged and counted, or, for a journal that cannot be written and any Error, the end of the
 * process (exit code 75).
 *
 * @param <A> the role's agent.
 */
public final class RoleRunner<A extends Agent> implements AutoCloseable
{
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RoleRunner.class);

    private final Aeron ownedAeron;
    private final A agent;
    private final AgentRunner runner;
    private final RoleErrorHandler errorHandler;
    private final SecurityCounters securityCounters;

    private RoleRunner(
        final Aeron ownedAeron,
        final A agent,
        final AgentRunner runner,
        final RoleErrorHandler errorHandler,
        final SecurityCounters securityCounters)
    {
        this.ownedAeron = ownedAeron;
        this.securityCounters = securityCounters;
        this.agent = agent;
        this.runner = runner;
        this.errorHandler = errorHandler;
    }

    /**
     * Launch a role whose only fatal failures are Errors.
     *
     * @see #launch(RoleContext, Function, Function, Predicate, Terminator)
     */
    public static <A extends Agent> RoleRunner<A> launch(
        final RoleContext<?> ctx, final Function<Aeron, A> agentFactory, final Function<A, IdleStrategy> idleStrategy)
    {
        return launch(ctx, agentFactory, idleStrategy, ex -> false, Terminator.HALT);
    }

    /**
     * @param ctx          the role's settings; concluded here.
     * @param agentFactory builds the agent on the Aeron client.
     * @param idleStrategy   the idle strategy of the agent's thread, given the agent.
     * @param journalFailure true for what the role's journal throws when it cannot be written: fatal.
     * @param terminator     ends the process on a fatal failure ({@link Terminator#HALT}; a fake in tests).
     * @param <A>            the agent's type.
     * @return the running role.
     */
    public static <A extends Agent> RoleRunner<A> launch(
        final RoleContext<?> ctx,
        final Function<Aeron, A> agentFactory,
        final Function<A, IdleStrategy> idleStrategy,
        final Predicate<Throwable> journalFailure,
        final Terminator terminator)
    {
        return launch(ctx, agentFactory, null, idleStrategy, journalFailure, terminator);
    }

    /**
     * As {@link #launch(RoleContext, Function, Function, Predicate, Terminator)}, with a companion: work that runs on
     * the agent's own thread after each of its duty cycles (its once-a-second report), so that it reads the agent's
     * state without sharing it with another thread.
     *
     * @param companionFactory builds the companion on the Aeron client, given the agent; null for none.
     */
    public static <A extends Agent> RoleRunner<A> launch(
        final RoleContext<?> ctx,
        final Function<Aeron, A> agentFactory,
        final java.util.function.BiFunction<Aeron, A, Agent> companionFactory,
        final Function<A, IdleStrategy> idleStrategy,
        final Predicate<Throwable> journalFailure,
        final Terminator terminator)
    {
        ctx.conclude();
        if (ctx.isMember() && !ctx.memberAuthentication())
        {
            LOG.warn("{}: member authentication is off (member.key.file is not set): any process that can send UDP " +
                "to this member's ports can speak as a gateway, replica or effects sink", ctx.roleName());
        }
        final RoleErrorHandler errorHandler = new RoleErrorHandler(ctx.roleName(), journalFailure, terminator);
        // Aeron catches what a fragment handler throws and hands it to the subscriber error handler instead of letting
        // it reach the agent runner; a journal append fails inside such a handler, so it must meet the same policy
        // (seen in `hedge chaos --seed 1101`: a gateway whose tmpfs filled went on appending after a torn record).
        final Aeron ownedAeron = null == ctx.aeron() ? Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(ctx.aeronDirectoryName())
            .subscriberErrorHandler(errorHandler)) : null;
        final Aeron aeron = null == ownedAeron ? ctx.aeron() : ownedAeron;
        SecurityCounters securityCounters = null;
        try
        {
            securityCounters = SecurityCounters.allocate(aeron, ctx.roleName());
            ctx.securityCounters(securityCounters);
            final A agent = agentFactory.apply(aeron);
            Agent companion = null;
            try
            {
                companion = null == companionFactory ? null : companionFactory.apply(aeron, agent);
            }
            finally
            {
                if (null != companionFactory && null == companion)
                {
                    agent.onClose();
                }
            }
            final AgentRunner runner = new AgentRunner(idleStrategy.apply(agent), errorHandler, null,
                null == companion ? agent : new WithCompanion(agent, companion));
            AgentRunner.startOnThread(runner);
            return new RoleRunner<>(ownedAeron, agent, runner, errorHandler, securityCounters);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(securityCounters, ownedAeron);
            throw ex;
        }
    }

    /**
     * The role's agent and its companion, as one agent of the role's name: the agent's duty cycle, then the
     * companion's; closed in that order.
     */
    private static final class WithCompanion implements Agent
    {
        private final Agent agent;
        private final Agent companion;

        WithCompanion(final Agent agent, final Agent companion)
        {
            this.agent = agent;
            this.companion = companion;
        }

        @Override
        public void onStart()
        {
            agent.onStart();
            companion.onStart();
        }

        @Override
        public int doWork() throws Exception
        {
            return agent.doWork() + companion.doWork();
        }

        @Override
        public void onClose()
        {
            try
            {
                agent.onClose();
            }
            finally
            {
                companion.onClose();
            }
        }

        @Override
        public String roleName()
        {
            return agent.roleName();
        }
    }

    public A agent()
    {
        return agent;
    }

    /**
     * @return what the agent threw so far, fatal or not.
     */
    public long errors()
    {
        return errorHandler.errors();
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(runner, securityCounters, ownedAeron);
    }
}
