// insolepose-data: the commands that generate or draw data (synth, simulate, snapshot). Users run
// them as `insolepose synth ...`; `insolepose` hands them to this program, which loads the
// synthetic-data and media (OpenCV video) libraries but never LibTorch (see Commands.h).
#include "Commands.h"

#include <QGuiApplication>

namespace {

/// Charts and PDF reports paint text, which needs a QGuiApplication; this program never opens a
/// window, so it uses the offscreen platform and needs no display.
std::unique_ptr<QCoreApplication> makePaintingApplication(int& argc, char** argv)
{
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
        {"snapshot", Program::Data, runSnapshot},
    };
    return runCommand(argc, argv, kCommands, "insolepose-data", makePaintingApplication);
}
