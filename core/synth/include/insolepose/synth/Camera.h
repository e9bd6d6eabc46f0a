#pragma once
// A pinhole camera (OpenCV convention: x right, y down, z forward; world-to-camera extrinsics)
// with XRMoCap's camera-parameter JSON (docs/REFERENCE.md section 6).
#include <Eigen/Core>

#include <QJsonObject>

#include <string>

namespace insolepose::synth {

struct PinholeCamera {
    std::string name = "cam0";
    int width = 640;
    int height = 480;
    double fx = 512, fy = 512, cx = 320, cy = 240;
    Eigen::Matrix3d world2cam_R = Eigen::Matrix3d::Identity();
    Eigen::Vector3d world2cam_t = Eigen::Vector3d::Zero();

    /// A camera at `position` looking at `target`, z up in the world.
    static PinholeCamera lookAt(std::string name, const Eigen::Vector3d& position, const Eigen::Vector3d& target,
                                int width, int height, double horizontalFov_rad);
    Eigen::Vector3d toCamera(const Eigen::Vector3d& world) const { return world2cam_R * world + world2cam_t; }
    /// Pixel coordinates of a camera-space point (z > 0).
    Eigen::Vector2d project(const Eigen::Vector3d& cam) const
    {
        return {fx * cam.x() / cam.z() + cx, fy * cam.y() / cam.z() + cy};
    }
    QJsonObject toXrmocapJson() const;
};

} // namespace insolepose::synth
