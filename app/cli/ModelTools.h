#pragma once
// Console output of a training run for the model subcommands (train, experiment).
#include "insolepose/model/TrainingRun.h"

#include <QString>
#include <QTextStream>

#include <cstdio>

namespace insolepose::cli {

/// Progress on stderr (one updating line with the ETA), epoch lines on `out`.
inline model::TrainingRunCallbacks consoleTrainingCallbacks(QTextStream& out)
{
    model::TrainingRunCallbacks callbacks;
    callbacks.progress = [](int epoch, std::size_t done, std::size_t total, double loss, double seconds) {
        const double eta = seconds / double(done) * double(total - done);
        std::fprintf(stderr, "\repoch %d  [%zu/%zu]  loss %.4f  ETA %.0fs   %s", epoch, done, total, loss, eta,
                     done == total ? "\n" : "");
        std::fflush(stderr);
    };
    callbacks.message = [&out](const std::string& line) {
        out << QString::fromStdString(line) << "\n";
        out.flush();
    };
    return callbacks;
}

} // namespace insolepose::cli
