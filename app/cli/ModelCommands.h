#pragma once
// Subcommands that run the model. They live in the insolepose-model program, the only one of the
// command line tool's two programs that loads LibTorch; `insolepose` hands these commands to it
// (docs/ARCHITECTURE.md, Programs). Each returns the exit code and prints its own errors.
#include <QStringList>

namespace insolepose::cli {

int runTrain(const QStringList& args);
int runEvaluate(const QStringList& args);
int runPredict(const QStringList& args);
int runExportWeights(const QStringList& args);
int runExperiment(const QStringList& args);

} // namespace insolepose::cli
