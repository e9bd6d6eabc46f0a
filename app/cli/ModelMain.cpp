// insolepose-model: the model commands of the command line tool. Users run them as
// `insolepose train ...`; `insolepose` hands them to this program, the only part of the command
// line tool that loads LibTorch (see Commands.h).
#include "Commands.h"

int main(int argc, char** argv)
{
    using namespace insolepose::cli;
    static constexpr Command kCommands[] = {
        {"train", Program::Model, runTrain},           {"evaluate", Program::Model, runEvaluate},
        {"predict", Program::Model, runPredict},       {"export-weights", Program::Model, runExportWeights},
        {"experiment", Program::Model, runExperiment}, {"propose-labels", Program::Model, runProposeLabels},
    };
    return runCommand(argc, argv, kCommands, "insolepose-model");
}
