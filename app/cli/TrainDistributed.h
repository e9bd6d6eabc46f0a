#pragma once
// The distributed-training options of `insolepose train` (docs/DISTRIBUTED.md): --world-size,
// --rank, --rendezvous (defaults from WORLD_SIZE, RANK, MASTER_ADDR, MASTER_PORT), --rank-timeout,
// and the checking aids --emulate-ranks and --dump-parameters.
#include "insolepose/model/Distributed.h"
#include "insolepose/model/Training.h"

#include <QCommandLineOption>
#include <QList>

#include <filesystem>
#include <memory>
#include <optional>

class QCommandLineParser;
class QTextStream;

namespace insolepose::cli {

struct TrainDistributedSettings {
    model::DistributedOptions group;
    int emulatedRanks = 1;
    std::filesystem::path dumpDir; ///< Empty: no parameter dumps.
};

class TrainDistributedOptions {
public:
    TrainDistributedOptions();
    QList<QCommandLineOption> options() const;
    /// The settings from the environment, overridden by the options. Prints the error (naming the
    /// option or variable) and returns nothing when one is malformed or out of range.
    std::optional<TrainDistributedSettings> read(const QCommandLineParser& parser) const;

private:
    QCommandLineOption m_worldSize, m_rank, m_rendezvous, m_timeout, m_emulate, m_dump;
};

/// Joins the run's ranks (nullptr for a world of one), saying so on `out`. Throws DistributedError.
std::unique_ptr<model::DistributedGroup> joinGroup(const model::DistributedOptions& options, QTextStream& out);

/// Writes DIR/step_NNNNNN.npy (float32, all parameters flattened) after every step. Throws IoError.
model::StepObserver parameterDumper(const std::filesystem::path& dir);

} // namespace insolepose::cli
