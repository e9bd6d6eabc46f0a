// insolepose-model: the model commands of the command line tool (train, evaluate, predict,
// export-weights, experiment). Users run them as `insolepose train ...`; `insolepose` hands them to
// this program, the only part of the command line tool that loads LibTorch.
#include "ModelCommands.h"

#include "insolepose/Version.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("insolepose"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(insolepose::kVersionString));
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        QTextStream(stderr) << "usage: insolepose train|evaluate|predict|export-weights|experiment [options]\n";
        return 2;
    }
    const QString command = args[1];
    args.removeAt(1); // leave argv[0] and the command's own options
    if (command == "train")
        return insolepose::cli::runTrain(args);
    if (command == "evaluate")
        return insolepose::cli::runEvaluate(args);
    if (command == "predict")
        return insolepose::cli::runPredict(args);
    if (command == "experiment")
        return insolepose::cli::runExperiment(args);
    if (command == "export-weights")
        return insolepose::cli::runExportWeights(args);
    QTextStream(stderr) << "insolepose-model: unknown command '" << command << "' (see insolepose --help)\n";
    return 2;
}
