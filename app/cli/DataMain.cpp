// insolepose-data: the commands that generate or draw data (synth, simulate, snapshot). Users run
// them as `insolepose synth ...`; `insolepose` hands them to this program, which loads the
// synthetic-data and media (OpenCV video) libraries but never LibTorch (see Commands.h).
#include "Commands.h"

#include <QGuiApplication>

namespace {

/// Charts and PDF reports paint text, which needs a QGuiApplication; this program never opens a
/// window, so it uses the offscreen platform and needs no display. Commands that do not paint get
/// a QCoreApplication (no platform plugin to load).
std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv, const QString& command)
{
    if (command != QLatin1String("gait") && command != QLatin1String("compare"))
        return std::make_unique<QCoreApplication>(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QGuiApplication>(argc, argv);
}

} // namespace

int main(int argc, char** argv)
{
    using namespace insolepose::cli;
    static constexpr Command kCommands[] = {
        {"synth", Program::Data, runSynth},
        {"simulate", Program::Data, runSimulate},
        {"compare", Program::Data, runCompare},
        {"snapshot", Program::Data, runSnapshot},
        {"gait", Program::Data, runGait},
        {"import", Program::Data, runImport},
        {"export", Program::Data, runExport},
        {"sync", Program::Data, runSync},
        {"attach-video", Program::Data, runAttachVideo},
        {"dataset", Program::Data, runDataset},
    };
    return runCommand(argc, argv, kCommands, "insolepose-data", makeApplication);
}
