#pragma once
// Helpers shared by the tests: synthetic frames and poses with known contents.
#include "insolepose/Session.h"

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>

#include <cstdint>
#include <vector>

namespace insolepose::test {

inline std::vector<std::uint16_t> patternFrame(std::uint32_t seq, int foot)
{
    std::vector<std::uint16_t> v(static_cast<std::size_t>(kModelGrid.cellCount()));
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = static_cast<std::uint16_t>((seq * 7 + i * 3 + static_cast<std::size_t>(foot) * 11) % 4096);
    return v;
}

inline Pose patternPose(std::size_t frame)
{
    Pose p;
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        p[k] = Eigen::Vector3f(0.01f * float(k), 0.001f * float(frame), 0.1f + 0.05f * float(k));
    return p;
}

/// Keeps the user's settings out of a test: settings go to an INI file in `dir`, under the test's
/// own organisation and application name.
inline void isolateSettings(const QTemporaryDir& dir, const char* application)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.filePath("settings"));
    QCoreApplication::setOrganizationName("InsolePoseTest");
    QCoreApplication::setApplicationName(application);
}

} // namespace insolepose::test
