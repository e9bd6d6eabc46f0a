#pragma once
// Subcommands of the insolepose command line tool that do not run the model (the model's are in
// ModelCommands.h, in the separate insolepose-model program). Each returns the process exit code and prints
// its own errors to stderr.
#include <QStringList>

class QCommandLineParser;

namespace insolepose::cli {

/// Adds --help, parses `args` (argv[0] first) for subcommand `name`. Returns false when the
/// command should end now, with `rc` set: 0 after printing the help, 2 after a usage error.
bool parseCommand(QCommandLineParser& parser, const QStringList& args, const char* name, int& rc);

int runInfo(const QStringList& args);
int runRepair(const QStringList& args);
int runSynth(const QStringList& args);
int runSnapshot(const QStringList& args);
int runSimulate(const QStringList& args);
int runRecord(const QStringList& args);

} // namespace insolepose::cli
