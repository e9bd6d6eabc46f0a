#pragma once
// Splits for train and evaluate: time blocks inside every session (the default), or a split saved
// in the data folder's dataset.json by `insolepose dataset split` (whole sessions per part;
// docs/IMPORT.md, "Datasets").
#include "insolepose/Error.h"
#include "insolepose/interchange/Dataset.h"
#include "insolepose/model/Training.h"

#include <QString>

#include <algorithm>
#include <filesystem>

namespace insolepose::cli {

/// The split named `name` of the dataset at `data` over the sessions of `source`, or time blocks
/// when `name` is empty. Sessions the split does not list are left out.
inline model::Split chooseSplit(const model::WindowSource& source, const std::filesystem::path& data,
                                const QString& name)
{
    if (name.isEmpty())
        return model::splitByTimeBlocks(source);
    const interchange::DatasetSplit parts = interchange::readSplit(data, name.toStdString());
    model::Split split;
    for (std::size_t i = 0; i < source.sessionCount(); ++i) {
        const std::string session = source.session(i).path().filename().string();
        auto listed = [&](const char* part) {
            const auto& names = parts.at(part);
            return std::find(names.begin(), names.end(), session) != names.end();
        };
        auto* target = listed("train")        ? &split.train
                       : listed("validation") ? &split.validation
                       : listed("test")       ? &split.test
                                              : nullptr;
        if (!target)
            continue;
        const auto windows = source.groundTruthWindows(i);
        target->insert(target->end(), windows.begin(), windows.end());
    }
    if (split.train.empty() && split.validation.empty() && split.test.empty())
        throw Error("split '" + name.toStdString() + "' lists none of the sessions in " + data.string());
    return split;
}

} // namespace insolepose::cli
