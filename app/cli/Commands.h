#pragma once
// Subcommands of the insolepose command line tool. Each returns the process exit code and prints
// its own errors to stderr.
#include <QStringList>

namespace insolepose::cli {

int runInfo(const QStringList& args);
int runRepair(const QStringList& args);
int runSynth(const QStringList& args);
int runSnapshot(const QStringList& args);
int runSimulate(const QStringList& args);
int runRecord(const QStringList& args);
int runTrain(const QStringList& args);
int runEvaluate(const QStringList& args);
int runPredict(const QStringList& args);
int runExportWeights(const QStringList& args);

} // namespace insolepose::cli
