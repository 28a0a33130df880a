import type { Category } from './records.ts';

/**
 * Reference data, present in every environment: seeded by the first-deploy custom resource
 * in AWS (shared/bootstrap/first-deploy.ts) and by the local runtime (also with DEMO_DATA=0).
 */
export const REFERENCE_CATEGORIES: Category[] = [
  { categoryId: 'concert', name: '演唱会', parentId: null },
  { categoryId: 'theatre', name: '话剧歌剧', parentId: null },
  { categoryId: 'sports', name: '体育', parentId: null },
  { categoryId: 'classical', name: '音乐会', parentId: null },
  { categoryId: 'family', name: '儿童亲子', parentId: null },
  { categoryId: 'exhibition', name: '展览休闲', parentId: null },
  { categoryId: 'popconcert', name: '流行演唱会', parentId: 'concert' },
  { categoryId: 'drama', name: '话剧', parentId: 'theatre' },
  { categoryId: 'football', name: '足球', parentId: 'sports' },
];
