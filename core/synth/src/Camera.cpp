#include "insolepose/synth/Camera.h"

#include <Eigen/Geometry>

#include <QJsonArray>

#include <cmath>

namespace insolepose::synth {

PinholeCamera PinholeCamera::lookAt(std::string name, const Eigen::Vector3d& position, const Eigen::Vector3d& target,
                                    int width, int height, double horizontalFov_rad)
{
    PinholeCamera c;
    c.name = std::move(name);
    c.width = width;
    c.height = height;
    c.fx = c.fy = 0.5 * width / std::tan(0.5 * horizontalFov_rad);
    c.cx = 0.5 * width;
    c.cy = 0.5 * height;
    const Eigen::Vector3d z = (target - position).normalized();
    const Eigen::Vector3d x = z.cross(Eigen::Vector3d::UnitZ()).normalized();
    const Eigen::Vector3d y = z.cross(x);
    c.world2cam_R.row(0) = x;
    c.world2cam_R.row(1) = y;
    c.world2cam_R.row(2) = z;
    c.world2cam_t = -c.world2cam_R * position;
    return c;
}

QJsonObject PinholeCamera::toXrmocapJson() const
{
    auto row4 = [](double a, double b, double c, double d) { return QJsonArray{a, b, c, d}; };
    QJsonArray r;
    for (int i = 0; i < 3; ++i)
        r.append(QJsonArray{world2cam_R(i, 0), world2cam_R(i, 1), world2cam_R(i, 2)});
    return QJsonObject{
        {"class_name", "PinholeCameraParameter"},
        {"name", QString::fromStdString(name)},
        {"height", height},
        {"width", width},
        {"intrinsic", QJsonArray{row4(fx, 0, cx, 0), row4(0, fy, cy, 0), row4(0, 0, 0, 1), row4(0, 0, 1, 0)}},
        {"extrinsic_r", r},
        {"extrinsic_t", QJsonArray{world2cam_t.x(), world2cam_t.y(), world2cam_t.z()}},
        {"convention", "opencv"},
        {"world2cam", true}};
}

} // namespace insolepose::synth
