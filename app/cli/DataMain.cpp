// insolepose-data: the commands that generate or draw data (synth, simulate, snapshot). Users run
// them as `insolepose synth ...`; `insolepose` hands them to this program, which loads the
// synthetic-data and media (OpenCV video) libraries but never LibTorch (see Commands.h).
#include "Commands.h"

int main(int argc, char** argv)
{
    using namespace insolepose::cli;
    static constexpr Command kCommands[] = {
        {"synth", Program::Data, runSynth},
        {"simulate", Program::Data, runSimulate},
        {"snapshot", Program::Data, runSnapshot},
    };
    return runCommand(argc, argv, kCommands, "insolepose-data");
}
