package io.infergate.engine.scheduler.sequence;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.backend.ComputeTimer;
import io.infergate.engine.backend.Execution;
import io.infergate.engine.backend.ModelInstance;
import io.infergate.engine.backend.RequestDetails;
import io.infergate.engine.model.OutputAssembler;
import io.infergate.engine.model.PreparedRequest;
import io.infergate.engine.scheduler.BatchTensors;
import io.infergate.engine.scheduler.DecoupledResponses;
import io.infergate.engine.scheduler.sequence.SequenceBatcher.Position;
import io.infergate.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One execution of a sequence batch, prepared on the scheduler's context (positions, controls,
 * the state each sequence carries) and run on a worker thread: inputs joined with padding,
 * control and state tensors added, outputs split into client responses and next states.
 */
final class SequenceExecution {
    /** Per position: the response or InferenceException (null for padding), and the next state by input name. */
    record Result(List<Object> answers, List<Map<String, Tensor>> nextStates) {
    }

    private final List<Position> positions;
    private final List<List<Tensor>> stateParts = new ArrayList<>();
    private final List<ImplicitState> states;
    private final boolean batches;
    private final DecoupledResponses sender;

    /** @param sender where a decoupled model streams the responses of its one position; null for other models */
    SequenceExecution(List<Position> positions, List<ImplicitState> states, boolean batches,
            DecoupledResponses sender) {
        this.positions = positions;
        this.states = states;
        this.batches = batches;
        this.sender = sender;
        for (Position position : positions) {
            List<Tensor> values = new ArrayList<>(states.size());
            for (ImplicitState state : states) {
                Tensor carried = position.isPadding() ? null : position.sequence().state.get(state.input());
                values.add(carried != null ? carried : state.initial());
            }
            stateParts.add(values);
        }
    }

    List<Position> positions() {
        return positions;
    }

    /** The decoupled model's sender, or null. */
    DecoupledResponses sender() {
        return sender;
    }

    /** Runs on a worker thread. */
    Result run(ModelInstance instance, ControlTensors controls, OutputAssembler assembler, ComputeTimer timer)
            throws Exception {
        PreparedRequest filler = positions.stream().filter(p -> !p.isPadding()).findFirst().orElseThrow()
                .request().prepared();
        List<List<Tensor>> inputParts = new ArrayList<>(positions.size());
        List<ControlTensors.Position> controlValues = new ArrayList<>(positions.size());
        Set<String> wanted = new LinkedHashSet<>();
        for (Position position : positions) {
            if (position.isPadding()) {
                inputParts.add(filler.backendInputs());
                controlValues.add(new ControlTensors.Position(new CorrelationId(0, null), false, false, false));
            } else {
                SequencedRequest request = position.request();
                inputParts.add(request.prepared().backendInputs());
                wanted.addAll(request.prepared().outputNames());
                controlValues.add(new ControlTensors.Position(request.flags().id(), request.flags().start(),
                        request.flags().end(), true));
            }
        }
        states.forEach(state -> wanted.add(state.output()));
        List<Tensor> inputs = new ArrayList<>(join(inputParts));
        inputs.addAll(join(stateParts));
        inputs.addAll(controls.build(controlValues));
        List<RequestDetails> details = positions.stream().filter(p -> !p.isPadding())
                .map(p -> p.request().prepared()).map(r -> r.details(r.timeoutMicros())).toList();
        List<Tensor> produced = instance.execute(new Execution(inputs, wanted, positions.size(), timer, sender,
                details));
        if (sender != null) {
            timer.finish();
            return new Result(List.of(), List.of());
        }
        List<List<Tensor>> perPosition = batches ? BatchTensors.split(produced, ones(positions.size()))
                : List.of(produced);
        List<Object> answers = new ArrayList<>(positions.size());
        List<Map<String, Tensor>> nextStates = new ArrayList<>(positions.size());
        for (int i = 0; i < positions.size(); i++) {
            Position position = positions.get(i);
            if (position.isPadding()) {
                answers.add(null);
                nextStates.add(Map.of());
                continue;
            }
            nextStates.add(nextState(perPosition.get(i)));
            try {
                answers.add(assembler.assemble(position.request().prepared(), perPosition.get(i)));
            } catch (InferenceException e) {
                answers.add(e);
            }
        }
        timer.finish();
        return new Result(answers, nextStates);
    }

    private List<Tensor> join(List<List<Tensor>> parts) {
        if (!batches || parts.getFirst().isEmpty()) {
            return parts.getFirst();
        }
        return BatchTensors.joinParts(parts, Set.of());
    }

    private Map<String, Tensor> nextState(List<Tensor> produced) {
        Map<String, Tensor> next = new HashMap<>();
        for (ImplicitState state : states) {
            Tensor output = produced.stream().filter(t -> t.name().equals(state.output())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the model did not produce its state output '"
                            + state.output() + "'"));
            next.put(state.input(), output.withNameAndShape(state.input(), output.shape()));
        }
        return next;
    }

    private static int[] ones(int count) {
        int[] items = new int[count];
        Arrays.fill(items, 1);
        return items;
    }
}
