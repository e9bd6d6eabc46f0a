#include "TrainDistributed.h"

#include "Commands.h"

#include "insolepose/Error.h"
#include "insolepose/Npy.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>

namespace insolepose::cli {

namespace fs = std::filesystem;

TrainDistributedOptions::TrainDistributedOptions()
    : m_worldSize("world-size", "Processes training together (default $WORLD_SIZE or 1; docs/DISTRIBUTED.md).", "N"),
      m_rank("rank", "This process's rank, 0 to N-1 (default $RANK or 0); rank 0 writes the model.", "R"),
      m_rendezvous("rendezvous", "Rank 0's address (default $MASTER_ADDR:$MASTER_PORT or 127.0.0.1:29500).",
                   "HOST:PORT"),
      m_timeout("rank-timeout", "Stop when another rank does not answer for this long (default 20 s).", "S", "20"),
      m_emulate("emulate-ranks", "Alone, take the steps N ranks would take (to check a distributed run; default 1).",
                "N", "1"),
      m_dump("dump-parameters", "Write the parameters after every step to DIR/step_NNNNNN.npy (for checks).", "DIR")
{}

QList<QCommandLineOption> TrainDistributedOptions::options() const
{
    return {m_worldSize, m_rank, m_rendezvous, m_timeout, m_emulate, m_dump};
}

std::optional<TrainDistributedSettings> TrainDistributedOptions::read(const QCommandLineParser& p) const
{
    const char* cmd = "train";
    TrainDistributedSettings s;
    try {
        s.group = model::distributedOptionsFromEnvironment();
        if (p.isSet(m_rendezvous))
            model::setRendezvous(s.group, p.value(m_rendezvous).toStdString());
    } catch (const Error& e) {
        QTextStream(stderr) << "insolepose train: " << e.what() << "\n";
        return std::nullopt;
    }
    const auto pick = [&](const QCommandLineOption& option, int& value, qint64 min, qint64 max) {
        if (!p.isSet(option) && option.defaultValues().isEmpty())
            return true;
        const auto v = integerOption(p, option, min, max, cmd);
        if (v)
            value = int(*v);
        return bool(v);
    };
    if (!pick(m_worldSize, s.group.worldSize, 1, 4096) || !pick(m_rank, s.group.rank, 0, 4095) ||
        !pick(m_timeout, s.group.timeoutSeconds, 1, 86400) || !pick(m_emulate, s.emulatedRanks, 1, 4096))
        return std::nullopt;
    try {
        model::checkDistributedOptions(s.group);
    } catch (const Error& e) {
        QTextStream(stderr) << "insolepose train: " << e.what() << "\n";
        return std::nullopt;
    }
    if (s.group.worldSize > 1 && s.emulatedRanks > 1) {
        QTextStream(stderr) << "insolepose train: --emulate-ranks is for a single process (--world-size 1)\n";
        return std::nullopt;
    }
    if (p.isSet(m_dump))
        s.dumpDir = p.value(m_dump).toStdString();
    return s;
}

model::StepObserver parameterDumper(const fs::path& dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw IoError(dir.string() + ": cannot create folder: " + ec.message());
    return [dir](std::size_t step, std::span<const float> parameters) {
        char name[32];
        std::snprintf(name, sizeof name, "step_%06zu.npy", step);
        writeNpy(dir / name, DType::F32, {parameters.size()}, parameters.data());
    };
}

std::unique_ptr<model::DistributedGroup> joinGroup(const model::DistributedOptions& options, QTextStream& out)
{
    if (options.worldSize == 1)
        return nullptr;
    out << "rank " << options.rank << " of " << options.worldSize << ": joining at "
        << QString::fromStdString(options.host) << ":" << options.port << " (up to " << options.joinTimeoutSeconds
        << " s)" << (options.rank == 0 ? "; only this rank writes the model" : "; rank 0 writes the model") << "\n";
    out.flush();
    auto group = std::make_unique<model::DistributedGroup>(options);
    out << "rank " << options.rank << " of " << options.worldSize << ": joined\n";
    out.flush();
    return group;
}

} // namespace insolepose::cli
